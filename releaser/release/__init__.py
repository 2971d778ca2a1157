"""The release pipeline behind `releaser cut`, one module per stage.

- `preflight`: the checks before anything changes, and the facts gathered through adapters;
- `plan`: `make_plan(facts, switches) -> Plan`, pure;
- `execute`: carries a plan out step by step (`run` and its local steps, `build_steps`,
  `publish_steps`, and `failures` for what a failed step means): the only code that acts;
- `report`: the text and JSON reporters of a plan and its outcome;
- `cut`: `run_cut`, which chains the stages and the audit gate (`cut_settings`, `cut_ports`,
  `cut_audit`, `cut_result`); `cut_workspace` for several packages, `via_pr*` for a release
  through a pull request.

May import: `core`, `config`, `audit`, `adapters`, `history`, `errors`. Must not import
the CLI or click. `plan` imports no adapter.
"""
