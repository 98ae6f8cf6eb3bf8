#!/usr/bin/env python3
"""serve_bench.py XXGK SOURCE_DIR [SECONDS] — the workbench's figures in
README "Performance": with the server warm (its workers started, fonts
loaded), the round trip of a check, a page preview and a report's PDF, each
of content it has not seen (nothing answered from the cache), p50 and p95
over 100 requests; then N clerks (20) of 20 departments editing, checking
and saving for SECONDS (60) at once: requests answered, errors, and whether
every acknowledged save is in the store.  Not a test: it measures, it does
not judge.
"""
import http.client
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

XXGK, SRC = sys.argv[1], sys.argv[2]
SECONDS = int(sys.argv[3]) if len(sys.argv) > 3 else 60
CLERKS = 20
SAMPLE = os.path.join(SRC, "samples", "2022-quzhou-jiguanshiwu.json")


def agency(i):
    return f"基准县第{i:02d}局"


class Client:
    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookie = self.csrf = None

    def req(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.cookie:
            h["Cookie"] = self.cookie
        if self.csrf and method != "GET":
            h["X-CSRF-Token"] = self.csrf
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False).encode()
        self.conn.request(method, path, body=body, headers=h)
        r = self.conn.getresponse()
        r.body = r.read()
        return r

    def login(self, name):
        r = self.req("POST", "/api/login", {"name": name, "password": "bench-password"})
        self.cookie = r.getheader("Set-Cookie").split(";")[0]
        self.csrf = json.loads(r.body)["csrf"]


def path(i, rest=""):
    return f"/api/years/2022/reports/{urllib.parse.quote(agency(i), safe='')}{rest}"


def report(i, n):
    with open(SAMPLE, encoding="utf-8") as f:
        r = json.load(f)
    r["agency"] = agency(i)
    r.pop("title", None)
    # a different figure each time: nothing is answered from the cache
    r["tables"]["proactive"]["item6"]["penalties"]["decisions"] = n
    return r


def timed(f, runs=100):
    ms = []
    for n in range(runs):
        t = time.perf_counter()
        f(n)
        ms.append((time.perf_counter() - t) * 1000)
    ms.sort()
    return statistics.median(ms), ms[int(len(ms) * 0.95) - 1]


def main():
    tmp = tempfile.mkdtemp(prefix="xxgk-bench-")
    data = os.path.join(tmp, "store")
    for i in range(CLERKS):
        subprocess.run([XXGK, "user", "add", f"clerk{i}", "--role", "department", "--agency",
                        agency(i), "--data", data], input="bench-password\n", text=True,
                       check=True, capture_output=True)
    proc = subprocess.Popen([XXGK, "serve", "--data", data, "--listen", "127.0.0.1:0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = int(re.search(r":(\d+)/", proc.stdout.readline()).group(1))
    c = Client(port)
    c.login("clerk0")
    r = c.req("PUT", path(0), report(0, 0), {"If-Match": '"0"'})
    assert r.status == 200, r.body
    # warm: every worker has laid out a report once
    for n in range(4):
        c.req("POST", path(0, "/pages/1.png"), report(0, 100000 + n))

    def check(n):
        r = c.req("POST", path(0, "/check"), report(0, 1000 + n))
        assert r.status == 200

    def preview(n):
        r = c.req("POST", path(0, "/pages/1.png"), report(0, 2000 + n))
        assert r.status == 200 and r.body[:4] == b"\x89PNG"

    version = [1]
    pdf_ms = []

    def pdf(n):
        r = c.req("PUT", path(0), report(0, 3000 + n), {"If-Match": '"%d"' % version[0]})
        assert r.status == 200, r.body
        version[0] += 1
        t = time.perf_counter()
        r = c.req("GET", path(0, ".pdf"))
        pdf_ms.append((time.perf_counter() - t) * 1000)
        assert r.status == 200 and r.body[:4] == b"%PDF"

    check_p50, check_p95 = timed(check)
    preview_p50, preview_p95 = timed(preview)
    timed(pdf)
    pdf_ms.sort()
    pdf_p50, pdf_p95 = statistics.median(pdf_ms), pdf_ms[94]

    # N clerks at once, each on its own report: edit, check, save
    acked = {i: [] for i in range(CLERKS)}
    errors = []
    requests = [0]
    lock = threading.Lock()
    stop = time.time() + SECONDS

    def clerk(i):
        k = Client(port)
        k.login(f"clerk{i}")
        v = json.loads(k.req("GET", path(i)).body)["version"]
        n = 0
        while time.time() < stop:
            n += 1
            rep = report(i, 10000 * i + n)
            r1 = k.req("POST", path(i, "/check"), rep)
            r2 = k.req("PUT", path(i), rep, {"If-Match": '"%d"' % v})
            with lock:
                requests[0] += 2
                if r1.status != 200 or r2.status != 200:
                    errors.append((r1.status, r2.status))
                    continue
            v = json.loads(r2.body)["version"]
            acked[i].append((v, 10000 * i + n))

    t0 = time.time()
    threads = [threading.Thread(target=clerk, args=(i,)) for i in range(CLERKS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - t0
    proc.terminate()
    proc.wait()
    lost = 0
    with sqlite3.connect(os.path.join(data, "xxgk.db")) as db:
        for i, saves in acked.items():
            for v, value in saves:
                row = db.execute("select json from versions where agency = ? and version = ?",
                                 (agency(i), v)).fetchone()
                if not row or json.loads(row[0])["tables"]["proactive"]["item6"]["penalties"]["decisions"] != value:
                    lost += 1
    saves = sum(len(s) for s in acked.values())
    print(f"check round trip (uncached)      p50 {check_p50:.1f} ms  p95 {check_p95:.1f} ms")
    print(f"page preview PNG (uncached)      p50 {preview_p50:.1f} ms  p95 {preview_p95:.1f} ms")
    print(f"report PDF (uncached)            p50 {pdf_p50:.1f} ms  p95 {pdf_p95:.1f} ms")
    print(f"{CLERKS} clerks for {elapsed:.0f} s: {requests[0]} requests ({requests[0] / elapsed:.0f}/s), "
          f"{saves} saves, {len(errors)} errors, {lost} saves lost")


if __name__ == "__main__":
    main()
