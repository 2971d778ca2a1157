"""The fault controls of the local GitHub server: how tests make it fail as GitHub fails.

Each control queues a `_Fault` that the next matching request(s) take: an error answer
(optionally after the request took effect), a late answer, a rate-limit refusal, a meeting
point for racing clients, a connection dropped mid-upload, or an edited response body.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class _Fault:
    method: str
    pattern: re.Pattern[str]
    times: int
    status: int = 500
    message: str | None = None
    tamper: Callable[[Any], Any] | None = None
    landed: bool = False  # the request takes effect, yet the answer is the error
    stall: float | None = None  # seconds the answer waits (the request has landed)
    headers: dict[str, str] = field(default_factory=dict)
    barrier: threading.Barrier | None = None
    cut: bool = False  # drop the connection halfway through the upload body


class FaultControls:
    """Mixed into `GitHubServer`, which sets `_faults` and `_lock`."""

    _faults: list[_Fault]
    _lock: threading.RLock

    def fail_next(
        self,
        method: str,
        path_pattern: str,
        status: int,
        times: int = 1,
        message: str | None = None,
    ) -> None:
        """Answer the next `times` matching requests with `status` and a GitHub error body.

        `path_pattern` is a regex searched in GitHub's path (e.g. r"/releases$").
        """
        with self._lock:
            self._faults.append(
                _Fault(method.upper(), re.compile(path_pattern), times, status, message)
            )

    def fail_after_landing(
        self, method: str, path_pattern: str, status: int = 502, times: int = 1
    ) -> None:
        """The next `times` matching requests take effect, then are answered with `status`."""
        with self._lock:
            self._faults.append(
                _Fault(method.upper(), re.compile(path_pattern), times, status, landed=True)
            )

    def stall_next(self, method: str, path_pattern: str, seconds: float, times: int = 1) -> None:
        """The next matching requests take effect; their answers wait `seconds` (or until stop)."""
        with self._lock:
            self._faults.append(
                _Fault(method.upper(), re.compile(path_pattern), times, 200, stall=seconds)
            )

    def rate_limit_next(
        self,
        method: str,
        path_pattern: str,
        *,
        status: int = 403,
        retry_after: int | None = 1,
        times: int = 1,
    ) -> None:
        """Refuse the next matching requests as GitHub does when a rate limit is hit.

        403 is the primary limit (`X-RateLimit-Remaining: 0`, reset in `retry_after` seconds);
        429 is a secondary limit. `Retry-After` is sent unless `retry_after` is None.
        """
        reset = int(time.time()) + (retry_after if retry_after is not None else 3600)
        headers = {"X-RateLimit-Reset": str(reset)}
        if status == 403:
            headers["X-RateLimit-Remaining"] = "0"
            message = "API rate limit exceeded for installation ID 1."
        else:
            message = "You have exceeded a secondary rate limit. Please wait a few minutes."
        if retry_after is not None:
            headers["Retry-After"] = str(retry_after)
        with self._lock:
            self._faults.append(
                _Fault(
                    method.upper(),
                    re.compile(path_pattern),
                    times,
                    status,
                    message,
                    headers=headers,
                )
            )

    def hold_together(
        self, method: str, path_pattern: str, parties: int = 2, timeout: float = 30
    ) -> None:
        """The next `parties` matching requests wait for each other (up to `timeout` seconds),
        then all go on at once."""
        barrier = threading.Barrier(parties, timeout=timeout)
        with self._lock:
            self._faults.append(
                _Fault(method.upper(), re.compile(path_pattern), parties, 200, barrier=barrier)
            )

    def cut_upload_next(self, name: str) -> None:
        """The next upload of asset `name` loses its connection halfway through the body."""
        with self._lock:
            self._faults.append(_Fault("POST", re.compile(r"/assets$"), 1, cut=True, message=name))

    def tamper_next(
        self, method: str, path_pattern: str, edit: Callable[[Any], Any], times: int = 1
    ) -> None:
        """Pass the next matching successful response body through `edit` before sending it."""
        with self._lock:
            self._faults.append(
                _Fault(method.upper(), re.compile(path_pattern), times, tamper=edit)
            )

    def _take_fault(self, method: str, path: str, tamper: bool) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                wanted = fault.tamper is not None
                if fault.cut:
                    continue
                if wanted == tamper and fault.method == method and fault.pattern.search(path):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def take_cut(self, name: str) -> bool:
        """True (once) when the upload of `name` is to lose its connection."""
        with self._lock:
            for fault in self._faults:
                if fault.cut and fault.message == name:
                    self._faults.remove(fault)
                    return True
        return False
