"""Run a composite action's `run:` steps the way the GitHub runner does, without GitHub.

What it does like the runner:
- each `shell: bash` step runs as `bash --noprofile --norc -eo pipefail FILE`, in
  `working-directory` (relative to GITHUB_WORKSPACE);
- the environment holds GITHUB_ACTIONS=true, CI, GITHUB_WORKSPACE, GITHUB_ACTION_PATH,
  RUNNER_TEMP and per-step GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_ENV / GITHUB_PATH
  files, plus the step's `env:` mapping with `${{ inputs.x }}`, `${{ github.* }}` and
  `${{ runner.temp }}` substituted (`a == b` of those or of 'literals' gives "true" or
  "false"); GITHUB_ENV and GITHUB_PATH carry over to later steps;
- `if:` conditions joined by `&&`, each `always()`, `inputs.x == 'v'` / `!= 'v'`,
  `steps.<id>.outputs.<name> == 'v'` / `!= 'v'` or `github.event_name == 'name'` / `!= 'name'`
  (from GITHUB_EVENT_NAME), are evaluated; after a failing step only `always()` steps run;
- the action's outputs are resolved from `${{ steps.<id>.outputs.<name> }}`, optionally
  followed by `|| 'literal'`.

`uses: actions/cache@...` is accepted as a no-op: the test prepares (or not) what the cache
would restore. `uses: github/codeql-action/upload-sarif@...` is recorded with its expanded
`with:` (`ActionRun.uploads`), as nothing here is GitHub code scanning. Any other `uses:`
step fails the test.

What it does not do: other `uses:` steps, other expressions, and
INPUT_* variables (the runner sets those only for JavaScript and Docker actions, so a
composite script that read them would be broken; they are left out on purpose).
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

_EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")  # a literal may hold braces: `|| '{}'`
_IF = re.compile(r"(inputs\.[\w-]+|steps\.[\w-]+\.outputs\.[\w-]+)\s*(==|!=)\s*'([^']*)'")
_IF_EVENT = re.compile(r"github\.event_name\s*(==|!=)\s*'([\w-]+)'")


@dataclass
class StepRun:
    """One executed step."""

    name: str
    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    seconds: float = 0.0


@dataclass
class ActionRun:
    """The result of running the action."""

    steps: list[StepRun] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    summary: str = ""
    skipped: list[str] = field(default_factory=list)  # steps whose `if:` was false
    uploads: list[dict[str, str]] = field(default_factory=list)  # upload-sarif's `with:`

    @property
    def ok(self) -> bool:
        """True when every step succeeded."""
        return all(s.returncode == 0 for s in self.steps)

    @property
    def stderr(self) -> str:
        """All steps' stderr, in order."""
        return "".join(s.stderr for s in self.steps)


def read_command_file(path: Path) -> dict[str, str]:
    """Parse a GITHUB_OUTPUT / GITHUB_ENV file: `k=v` lines and `k<<DELIM` blocks."""
    values: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            key, delim = line.split("<<", 1)
            end = lines.index(delim, i + 1)
            values[key] = "\n".join(lines[i + 1 : end])
            i = end + 1
            continue
        if "=" in line:
            key, value = line.split("=", 1)
            values[key] = value
        i += 1
    return values


class ActionRunner:
    """A composite action at `action_dir`, run in `workspace` with `base_env`."""

    def __init__(
        self,
        action_dir: Path,
        workspace: Path,
        runner_temp: Path,
        base_env: Mapping[str, str],
        *,
        github_token: str = "",
    ) -> None:
        self.action_dir = action_dir
        self.github_token = github_token  # `${{ github.token }}`; not an env variable in a job
        self.workspace = workspace
        self.temp = runner_temp
        self.env = dict(base_env)
        self.action: dict[str, Any] = yaml.safe_load(
            (action_dir / "action.yml").read_text(encoding="utf-8")
        )
        assert self.action["runs"]["using"] == "composite"

    def _inputs(self, given: Mapping[str, str]) -> dict[str, str]:
        unknown = set(given) - set(self.action.get("inputs", {}))
        assert not unknown, f"inputs the action does not declare: {unknown}"
        values = {}
        for name, spec in self.action.get("inputs", {}).items():
            default = self._expand(str(spec.get("default", "")), {}, {})
            values[name] = given.get(name, default)
        return values

    def _expand(self, text: str, inputs: Mapping[str, str], outputs: Mapping[str, Any]) -> str:
        def value(match: re.Match[str]) -> str:
            expr, _, fallback = match[1].partition(" || ")
            if fallback:  # `a || 'literal'`: the literal when `a` is empty
                return evaluate(expr) or fallback.strip().strip("'")
            return evaluate(expr)

        def evaluate(expr: str) -> str:
            if " == " in expr:  # a comparison gives "true" or "false", as on the runner
                left, right = (operand(side.strip()) for side in expr.split(" == ", 1))
                return "true" if left == right else "false"
            if expr.startswith("inputs."):
                return inputs[expr.removeprefix("inputs.")]
            if expr == "github.action_path":
                return str(self.action_dir)
            if expr == "github.token":
                return self.github_token
            if expr == "github.workspace":
                return str(self.workspace)
            if expr == "runner.temp":
                return str(self.temp)
            parts = expr.split(".")
            if len(parts) == 4 and parts[0] == "steps" and parts[2] == "outputs":
                return str(outputs.get(parts[1], {}).get(parts[3], ""))
            raise AssertionError(f"the test runner cannot evaluate ${{{{ {expr} }}}}")

        def operand(text: str) -> str:
            quoted = len(text) >= 2 and text[0] == text[-1] == "'"
            return text[1:-1] if quoted else evaluate(text)

        return _EXPR.sub(value, text)

    def _condition(
        self,
        step: Mapping[str, Any],
        inputs: Mapping[str, str],
        outputs: Mapping[str, Any],
        *,
        failed: bool,
    ) -> bool:
        terms = [t.strip() for t in str(step.get("if", "")).split("&&") if t.strip()]
        if failed and "always()" not in terms:
            return False  # the runner skips the rest of the steps after a failure
        return all(self._term(t, inputs, outputs) for t in terms if t != "always()")

    def _term(self, term: str, inputs: Mapping[str, str], outputs: Mapping[str, Any]) -> bool:
        event = _IF_EVENT.fullmatch(term)
        if event:
            same = self.env.get("GITHUB_EVENT_NAME", "") == event[2]
            return same if event[1] == "==" else not same
        match = _IF.fullmatch(term)
        assert match, f"the test runner cannot evaluate if: {term}"
        same = self._expand(f"${{{{ {match[1]} }}}}", inputs, outputs) == match[3]
        return same if match[2] == "==" else not same

    def run(self, inputs: Mapping[str, str] | None = None, timeout: float = 300) -> ActionRun:
        """Run every step whose `if:` holds; stop at the first failing step, as the runner does."""
        values = self._inputs(inputs or {})
        result = ActionRun()
        step_outputs: dict[str, dict[str, str]] = {}
        env = {
            **self.env,
            "GITHUB_ACTIONS": "true",
            "CI": "true",
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_ACTION_PATH": str(self.action_dir),
            "RUNNER_TEMP": str(self.temp),
            "RUNNER_OS": "Linux",
            "RUNNER_ARCH": "X64",
        }
        failed = False
        for index, step in enumerate(self.action["runs"]["steps"]):
            name = step.get("name", f"step {index}")
            if not self._condition(step, values, step_outputs, failed=failed):
                result.skipped.append(name)
                continue
            if str(step.get("uses", "")).startswith("actions/cache@"):
                result.skipped.append(name)  # the test set up what a cache would restore
                continue
            if str(step.get("uses", "")).startswith("github/codeql-action/upload-sarif@"):
                given = (step.get("with") or {}).items()
                result.uploads.append(
                    {k: self._expand(str(v), values, step_outputs) for k, v in given}
                )
                continue
            assert "run" in step, f"the test runner cannot run `uses:` steps ({name})"
            assert step.get("shell") == "bash", f"{name}: composite run steps need shell: bash"
            files = {k: self.temp / f"_step{index}_{k.lower()}" for k in _FILE_COMMANDS}
            for path in files.values():
                path.write_text("", encoding="utf-8")
            step_env = {**env, **{k: str(p) for k, p in files.items()}}
            for key, raw in (step.get("env") or {}).items():
                step_env[key] = self._expand(str(raw), values, step_outputs)
            script = self.temp / f"_step{index}.sh"
            script.write_text(step["run"], encoding="utf-8")
            cwd = self.workspace / self._expand(
                str(step.get("working-directory", ".")), values, step_outputs
            )
            start = time.monotonic()
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                cwd=cwd,
                env=step_env,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
            outputs = read_command_file(files["GITHUB_OUTPUT"])
            if "id" in step:
                step_outputs[step["id"]] = outputs
            seconds = time.monotonic() - start
            result.steps.append(
                StepRun(name, done.returncode, done.stdout, done.stderr, outputs, seconds)
            )
            result.summary += files["GITHUB_STEP_SUMMARY"].read_text(encoding="utf-8")
            env.update(read_command_file(files["GITHUB_ENV"]))
            added = files["GITHUB_PATH"].read_text(encoding="utf-8").split()
            if added:
                env["PATH"] = os.pathsep.join([*reversed(added), env.get("PATH", "")])
            if done.returncode != 0 and not step.get("continue-on-error"):
                failed = True
        for name, spec in (self.action.get("outputs") or {}).items():
            result.outputs[name] = self._expand(str(spec["value"]), values, step_outputs)
        return result


_FILE_COMMANDS = ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_ENV", "GITHUB_PATH")
