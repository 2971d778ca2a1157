"""The release pipeline behind `releaser cut`, one module per stage.

- `preflight`: the checks before anything changes, and the facts gathered through adapters;
- `plan`: `make_plan(facts, switches) -> Plan`, pure;
- `execute`: carries a plan out step by step, the only module here that causes effects;
- `report`: the text and JSON reporters of a plan and its outcome;
- `cut`: `run_cut`, which chains the stages and the audit gate.

May import: `core`, `config`, `audit`, `adapters`, `history`, `errors`. Must not import
the CLI or typer. `plan` imports no adapter.
"""
