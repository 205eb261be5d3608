"""Retry Bot API calls that failed on the network, on top of PTB's flood-wait handling."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import signal
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter, Application
from tornado.web import HTTPError

logger = logging.getLogger(__name__)

#: Requests made while the bot starts: `connect` retries them itself, one log line per attempt.
STARTUP_ENDPOINTS = frozenset({"getMe"})
FIRST_RETRY_DELAY, MAX_RETRY_DELAY = 1.0, 30.0


class _Direct:
    """The type of DIRECT: a truthy marker PTB hands to the rate limiter untouched."""

    def __repr__(self) -> str:
        return "DIRECT"


#: Pass as ``rate_limit_args=DIRECT`` to send one request straight through (see below).
DIRECT: Any = _Direct()


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter (waits out 429 RetryAfter) that also retries network errors with backoff.

    A reply can be sent twice if Telegram received it but the answer was lost; for questions
    and answers that is better than none. Broadcasts keep their own exactly-once ledger: their
    sender passes ``rate_limit_args=DIRECT``, and such a request bypasses this limiter entirely
    (no pacing, no RetryAfter wait, no network retry, so a 429 there never pauses the other
    replies); the broadcast worker paces itself and decides what may be retried.
    """

    def __init__(self, network_retries: int = 3, backoff: float = 0.5, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.network_retries = network_retries
        self.backoff = backoff

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        """Send one request, retrying transient network failures (DIRECT: just send it)."""
        if rate_limit_args is DIRECT:
            return await callback(*args, **kwargs)
        retries = 0 if endpoint in STARTUP_ENDPOINTS else self.network_retries
        for attempt in range(retries + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except BadRequest:
                raise
            except NetworkError as error:
                # A RuntimeError underneath (e.g. "HTTPXRequest is not initialized" during
                # shutdown) is a programming state, not the network: retrying cannot help.
                if attempt == retries or isinstance(error.__cause__, RuntimeError):
                    raise
                delay = self.backoff * 2**attempt
                logger.warning("%s failed (%s); retrying in %.1f s", endpoint, error, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")


async def connect(
    application: Application,
    first_delay: float = FIRST_RETRY_DELAY,
    max_delay: float = MAX_RETRY_DELAY,
) -> bool:
    """Initialize the application (getMe), retrying with backoff while the Bot API is unreachable.

    Logs one line per failed attempt. Returns False when SIGINT/SIGTERM arrived first (nothing to
    shut down then); raises InvalidToken when Telegram rejects the token, and any other
    TelegramError (e.g. a 400) that retrying cannot fix.
    """
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM)
    for number in signals:
        loop.add_signal_handler(number, stop.set)
    try:
        delay, attempt = first_delay, 1
        while not stop.is_set():
            attempt_task = asyncio.ensure_future(application.initialize())
            stop_task = asyncio.ensure_future(stop.wait())
            await asyncio.wait((attempt_task, stop_task), return_when=asyncio.FIRST_COMPLETED)
            stop_task.cancel()
            if not attempt_task.done():
                attempt_task.cancel()
                with contextlib.suppress(asyncio.CancelledError, TelegramError):
                    await attempt_task
                break
            try:
                attempt_task.result()
                return True
            except (InvalidToken, BadRequest):
                raise
            except (NetworkError, RetryAfter) as error:
                wait = delay
                if isinstance(error, RetryAfter):
                    flood_wait = error.retry_after  # a timedelta (see handlers/__init__.py)
                    wait = max(
                        delay,
                        flood_wait.total_seconds()
                        if isinstance(flood_wait, dt.timedelta)
                        else float(flood_wait),
                    )
                logger.warning(
                    "Telegram Bot API not reachable (attempt %d: %s); retrying in %.0f s",
                    attempt,
                    one_line(error.message),
                    wait,
                )
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), wait)
            delay, attempt = min(delay * 2, max_delay), attempt + 1
        logger.info("stopped before the Telegram Bot API was reachable")
        return False
    finally:
        for number in signals:
            loop.remove_signal_handler(number)


def one_line(reason: str) -> str:
    """The first line of an error's text, shortened (httpx's long messages included)."""
    return (reason.strip().splitlines() or ["no details"])[0][:200]


class QuietTelegramErrors(logging.Filter):
    """Turns python-telegram-bot's tracebacks for expected Bot API errors into one line.

    PTB logs network failures (bootstrap retries, polling) with ``logger.exception``, and each
    refused webhook request (e.g. a wrong secret token: 403) with a traceback at DEBUG; for an
    operator a refused connection, a rejected token or a forged request is one line.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Drop the traceback of an expected error logged by a ``telegram.*`` logger."""
        error = record.exc_info[1] if record.exc_info else None
        reason = expected_error_text(error) if record.name.startswith("telegram") else None
        if reason is not None:
            record.msg = f"{record.getMessage()} ({one_line(reason)})"
            record.args = None
            record.exc_info = record.exc_text = None
        return True


def expected_error_text(error: BaseException | None) -> str | None:
    """The text to log for an expected Bot API or webhook error, or None for anything else."""
    if isinstance(error, InvalidToken):
        return "InvalidToken"  # its text repeats the token
    if isinstance(error, TelegramError):
        return error.message
    if isinstance(error, HTTPError) and 400 <= error.status_code < 500:
        return str(error)
    return None
