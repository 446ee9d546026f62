"""Bounded work against the real server on 127.0.0.1: uploads are read and detection runs in worker
processes that are killed on timeout, a zip bomb is refused from its directory, the text limit is
one the server can do, and concurrent requests spread over all workers."""
from __future__ import annotations

import io
import threading
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from anonymizer.documents import read_docx
from anonymizer.errors import InputError
from anonymizer.web.accounts import Role
from anonymizer.web.protection import MAX_TEXT_BYTES
from anonymizer.web.workers import default_worker_count
from web.support import KITA, bearer, cpu_ticks, make_docx, start_server, worker_pids

NOTES = Path(__file__).resolve().parents[1] / "data" / "notes"
NOTE = "Frau Yılmaz holt Leon heute um 15 Uhr ab, sie ist unter 0176 12345678 erreichbar."
PARAGRAPH = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # Half the default timeout: a text at the limit must be done well inside the default one.
    server = start_server(tmp_path_factory.mktemp("bounded"), [("fabian", Role.FACHKRAFT, KITA)],
                          env={"KITA_ANON_REQUEST_TIMEOUT": "30"})
    yield server
    server.stop()


def wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def text_at_limit() -> str:
    """The test notes repeated up to exactly the service's limit in UTF-8 bytes."""
    notes = "\n\n".join(path.read_text(encoding="utf-8") for path in sorted(NOTES.glob("*.txt")))
    text = (notes + "\n\n") * (MAX_TEXT_BYTES // len(notes.encode("utf-8")) + 1)
    encoded = text.encode("utf-8")[:MAX_TEXT_BYTES]
    return encoded.decode("utf-8", errors="ignore")


def zip_bomb(xml_bytes: int, declared_bytes: int | None = None) -> bytes:
    """A valid .docx whose body is ``xml_bytes`` of tiny paragraphs: about 1,000 times smaller zipped.
    With ``declared_bytes`` the zip directory states that size for the body instead of the true one."""
    source = zipfile.ZipFile(io.BytesIO(make_docx("Hallo")))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for part in source.infolist():
            data = source.read(part)
            if part.filename == "word/document.xml":
                head, tail = data.split(b"<w:body>")
                data = head + b"<w:body>" + PARAGRAPH * (xml_bytes // len(PARAGRAPH)) + tail
            archive.writestr(part.filename, data)
        if declared_bytes is not None:  # the central directory is written from these entries on close
            archive.getinfo("word/document.xml").file_size = declared_bytes
    return bomb.getvalue()


def test_zip_bomb_is_refused_and_health_answers_meanwhile(server):
    bomb = zip_bomb(60 * 2**20)
    assert len(bomb) < 300_000  # 60 MB of XML in a small upload
    answers = []

    def upload() -> None:
        answers.append(httpx.post(server.url + "/api/anonymize", headers=bearer(server.accounts["fabian"]),
                                  files={"file": ("bombe.docx", bomb)}, timeout=60))

    uploading = threading.Thread(target=upload)
    uploading.start()
    health_checks = 0
    while uploading.is_alive() or not health_checks:
        # a server that parses the bomb in its event loop answers nothing else: this times out
        assert httpx.get(server.url + "/health", timeout=1).json() == {"status": "ok"}
        health_checks += 1
    uploading.join()
    response = answers[0]
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "entpackt zu groß" in response.json()["detail"]


def test_a_zip_bomb_that_understates_its_size_is_refused_before_it_is_inflated():
    bomb = zip_bomb(60 * 2**20, declared_bytes=5_000)
    with pytest.raises(InputError, match="keine gültige Word-Datei"):
        read_docx(bomb, "bombe.docx")  # zipfile inflates no more than the directory states


def test_a_text_at_the_limit_gets_its_result_inside_the_timeout(server):
    text = text_at_limit()
    assert len(text.encode("utf-8")) > MAX_TEXT_BYTES - 4
    response = httpx.post(server.url + "/api/anonymize", headers=bearer(server.accounts["fabian"]),
                          json={"text": text, "policy": "netzwerk"}, timeout=60)
    assert response.status_code == 200, response.text  # a 503 would mean: not done within 30 s
    result = response.json()["text"]
    assert "361 23 45" in text and "Kowalski" in text
    assert "361 23 45" not in result and "Kowalski" not in result


def test_concurrent_requests_all_succeed_on_all_workers(server):
    workers = worker_pids(server)
    assert len(workers) == default_worker_count()
    before = {pid: cpu_ticks(pid) for pid in workers}
    headers = bearer(server.accounts["fabian"])

    def anonymize(number: int) -> httpx.Response:
        note = f"Notiz {number}: {NOTE}"
        return httpx.post(server.url + "/api/anonymize", headers=headers, json={"text": note}, timeout=60)

    with ThreadPoolExecutor(max_workers=16) as clients:
        responses = list(clients.map(anonymize, range(32)))
    assert [response.status_code for response in responses] == [200] * 32
    for number, response in enumerate(responses):
        text = response.json()["text"]
        assert text.startswith(f"Notiz {number}:") and "Yılmaz" not in text and "0176" not in text
    assert worker_pids(server) == workers  # no worker died
    assert all(cpu_ticks(pid) > before[pid] for pid in workers)  # every worker did some of the work


def test_a_timed_out_job_stops_at_once_and_the_next_request_succeeds(tmp_path):
    server = start_server(tmp_path, [("fabian", Role.FACHKRAFT, KITA)], env={"KITA_ANON_REQUEST_TIMEOUT": "1"},
                          args=("--workers", "2"))
    try:
        headers = bearer(server.accounts["fabian"])
        workers = worker_pids(server)
        assert len(workers) == 2

        def anonymize(text: str) -> httpx.Response:
            return httpx.post(server.url + "/api/anonymize", headers=headers, json={"text": text}, timeout=60)

        # Within a 1 s timeout a short note only succeeds once the workers have loaded the model
        # (seconds on an idle machine, more on a busy one).
        assert wait_until(lambda: anonymize(NOTE).status_code == 200, seconds=180)
        response = anonymize(text_at_limit())
        assert response.status_code == 503
        assert "zu lange" in response.json()["detail"]
        # The worker that ran the job is killed (its pid is gone, its core free) and replaced.
        assert wait_until(lambda: not workers <= worker_pids(server), seconds=10)
        # The other worker answers the next request while the replacement loads the model (on a busy
        # machine a short note may take longer than 1 s, so it is retried: the pool must keep working).
        assert wait_until(lambda: anonymize(NOTE).status_code == 200, seconds=60)
        assert wait_until(lambda: len(worker_pids(server) - workers) == 1, seconds=10)
        assert len(worker_pids(server)) == 2
    finally:
        server.stop()
