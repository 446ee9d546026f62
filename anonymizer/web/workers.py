"""The pool of worker processes that do the web service's heavy work: reading uploads and detection.

Why processes and not threads: a Python thread cannot be stopped, so a request that ran past its
timeout kept a core busy for minutes, and a hostile upload parsed in the event loop froze every
request, ``/health`` included. Here each job runs in a worker process (pebble's ``ProcessPool``) that
loads the spaCy/Presidio pipeline once at start and works under two limits of the operating system:

- its address space (``RLIMIT_AS``, the setting ``worker_memory_mb``): an allocation past it raises
  ``MemoryError`` inside the job instead of taking the machine's memory;
- the CPU time of one job (``RLIMIT_CPU``, set anew before each job to what the worker has used so
  far plus the time its request has left): a job that escaped every other check is killed by the
  kernel, also when the server itself is gone.

On the request timeout (or when the request is cancelled) the worker running the job is killed and
a fresh one started in its place, so abandoned work stops at once. The event loop only waits.
"""
from __future__ import annotations

import asyncio
import logging
import math
import multiprocessing
import os
import resource
import time
from collections.abc import Callable
from multiprocessing.synchronize import Semaphore
from typing import TypeVar

import anyio
from pebble import ProcessExpired, ProcessPool

from anonymizer.config import Settings
from anonymizer.web.problems import Problem

T = TypeVar("T")
logger = logging.getLogger(__name__)

TIMEOUT = "Die Verarbeitung hat zu lange gedauert. Bitte den Text teilen und einzeln senden."
OUT_OF_MEMORY = "Die Verarbeitung braucht zu viel Speicher. Bitte den Text teilen und einzeln senden."
ABORTED = "Die Verarbeitung wurde abgebrochen. Bitte erneut versuchen oder den Text teilen."
UNAVAILABLE = "Die Verarbeitung steht gerade nicht zur Verfügung. Bitte die Verwaltung des Dienstes informieren."
# How long the server waits at start for its workers to load the model (seconds on an idle machine).
START_PATIENCE = 300
# A short note anonymised and checked once when a worker starts, so that its first job does not pay
# for the lazy set-up (policies, word lists, operators: about 1 s).
WARM_UP_TEXT = "Frau Müller holt Leon am 3. Mai ab, Telefon 0421 123456."


def default_worker_count() -> int:
    """One worker per core this process may run on."""
    return len(os.sched_getaffinity(0))


def _start_worker(settings: Settings, loaded: Semaphore) -> None:
    """Runs once in each new worker process: load the pipeline, cap the address space, say so."""
    from anonymizer.anonymization import anonymize
    from anonymizer.minutes import check_minutes

    anonymize(WARM_UP_TEXT, settings.policy, settings=settings)
    check_minutes(WARM_UP_TEXT, None, settings=settings)
    limit = settings.worker_memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    loaded.release()


def _run_job(deadline: float, function: Callable[..., T], args: tuple, kwargs: dict) -> T:
    """One job in a worker, unless its request has given up on it while it waited (``deadline``, a
    ``time.time()``). The job may use the CPU time it has left on top of what the worker used so far;
    past that the kernel sends SIGXCPU, which ends the process."""
    left = deadline - time.time()
    if left <= 0:
        raise TimeoutError("the request gave up before a worker was free")
    used = resource.getrusage(resource.RUSAGE_SELF)
    allowed = math.ceil(used.ru_utime + used.ru_stime + left)
    resource.setrlimit(resource.RLIMIT_CPU, (allowed, resource.RLIM_INFINITY))
    return function(*args, **kwargs)


class WorkerPool:
    """``await pool.run(timeout, function, *args)``: ``function(*args)`` in a worker process.

    ``function`` and its arguments travel to the worker pickled, so ``function`` must be a module-level
    function. Failures come back as ``Problem``s with a German detail: 503 on timeout or a worker that
    died, 413 when the job ran out of memory; the job's own exceptions (``InputError`` …) as they are.
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self.size = settings.workers or default_worker_count()
        # spawn, not fork: the server process runs threads, and a forked copy of them is unsafe.
        self._context = multiprocessing.get_context("spawn")
        self._pool, self._loaded = self._new_pool()

    def _new_pool(self) -> tuple[ProcessPool, Semaphore]:
        """A pool not started yet, and the semaphore each of its workers releases once it has loaded."""
        loaded = self._context.Semaphore(0)
        pool = ProcessPool(
            max_workers=self.size, initializer=_start_worker, initargs=(self.settings, loaded), context=self._context
        )
        return pool, loaded

    async def run(self, timeout: float, function: Callable[..., T], *args, **kwargs) -> T:
        """The job's result; the timeout counts from now, so it includes waiting for a free worker."""
        job = (time.time() + timeout, function, args, kwargs)
        try:
            future = self._pool.schedule(_run_job, args=job, timeout=timeout)
        except RuntimeError:  # the pool is broken: its workers die on start (e.g. the model does not load)
            logger.error("Die Worker-Prozesse starten nicht.")
            raise Problem(503, UNAVAILABLE) from None
        try:
            with anyio.fail_after(timeout):
                return await asyncio.wrap_future(future)
        except TimeoutError:
            raise Problem(503, TIMEOUT) from None
        except MemoryError:
            raise Problem(413, OUT_OF_MEMORY) from None
        except ProcessExpired as error:
            logger.error("Ein Worker-Prozess ist abgestürzt (Exit-Code %s).", error.exitcode)
            raise Problem(503, ABORTED) from None
        finally:
            # On timeout or when the request is cancelled, a running job is cancelled: pebble stops its
            # worker (SIGTERM, SIGKILL after 3 s) and starts a new one. A waiting job is left alone: pebble
            # would kill the worker that picks it up, while _run_job just skips it.
            if future.running():
                future.cancel()

    def start(self, patience: float = START_PATIENCE) -> None:
        """Start the workers now and wait (at most ``patience`` seconds) until each has loaded the
        model, so that the server answers its first request at full speed."""
        # pebble starts a pool when it is first given a job or asked whether it is active.
        if not self._pool.active:
            raise RuntimeError("Die Worker-Prozesse starten nicht.")
        deadline = time.monotonic() + patience
        for _ in range(self.size):
            if not self._loaded.acquire(timeout=max(0.0, deadline - time.monotonic())):
                logger.error("Nicht alle Worker-Prozesse haben das Modell in %.0f s geladen.", patience)
                return

    def close(self) -> None:
        """Stop the workers; the next job or ``start`` starts new ones (a test client may run the
        app's start and end several times)."""
        self._pool.stop()
        self._pool.join()
        self._pool, self._loaded = self._new_pool()
