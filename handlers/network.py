"""Retry Bot API calls that failed on the network, on top of PTB's flood-wait handling."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

logger = logging.getLogger(__name__)


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
        for attempt in range(self.network_retries + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except BadRequest:
                raise
            except NetworkError as error:
                # A RuntimeError underneath (e.g. "HTTPXRequest is not initialized" during
                # shutdown) is a programming state, not the network: retrying cannot help.
                if attempt == self.network_retries or isinstance(error.__cause__, RuntimeError):
                    raise
                delay = self.backoff * 2**attempt
                logger.warning("%s failed (%s); retrying in %.1f s", endpoint, error, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")
