#!/usr/bin/env python3
"""The workbench's API as its page and a hostile user use it (docs/workbench.md).

usage: api_test.py XXGK SOURCE_DIR [--quick]

--quick runs one pass through the main requests (for the run under
valgrind: XXGK_SERVER_WRAPPER is put before the server's command line, and
valgrind's --trace-children reaches its workers).

Starts `xxgk serve` on a fresh store with a county user and two
departments, and checks: sessions and their cookie, 401/403, CSRF, the
version check (409, 428), bad and huge bodies, names that try to be paths,
checks and their places, the PDF, the previews, versions and diff, the
statuses, the county's totals and ZIP, imports, workers that die, many
writers at once, and a kill -9 in the middle of writes followed by a
restart that finds every acknowledged write and an intact database.
"""
import http.client
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zipfile
import io
import shlex

XXGK, SRC = sys.argv[1], sys.argv[2]
QUICK = "--quick" in sys.argv[3:]
WRAPPER = shlex.split(os.environ.get("XXGK_SERVER_WRAPPER", ""))
SAMPLE = os.path.join(SRC, "samples", "2022-quzhou-jiguanshiwu.json")
AGENCY_A = "衢州市机关事务保障中心"
AGENCY_B = "衢州市民政局"
failures = []


def check(cond, what):
    if cond:
        print("ok   " + what)
    else:
        print("FAIL " + what)
        failures.append(what)


def q(s):
    return urllib.parse.quote(s, safe="")


class Server:
    def __init__(self, data):
        self.data = data
        self.start()

    def start(self):
        # its standard error goes to a file (read at the end): nothing blocks it
        self.err = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen(
            WRAPPER + [XXGK, "serve", "--data", self.data, "--listen", "127.0.0.1:0", "--workers", "2"],
            stdout=subprocess.PIPE, stderr=self.err, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.proc.wait()
            self.err.seek(0)
            print("the server did not start:", line, self.err.read())
            sys.exit(1)
        self.port = int(m.group(1))

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        self.proc.wait(timeout=600)
        self.err.seek(0)
        self.stderr = self.err.read()
        self.err.close()
        self.proc.stdout.close()
        return self.proc.returncode

    def workers(self):
        """The pids of its serve-worker children."""
        out = []
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            if ppid == self.proc.pid:
                out.append(int(pid))
        return out


class Client:
    def __init__(self, srv):
        self.srv = srv
        self.cookie = None
        self.csrf = None

    def req(self, method, path, body=None, headers=None, csrf=True, raw_path=False):
        c = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=120)
        h = dict(headers or {})
        if self.cookie:
            h["Cookie"] = self.cookie
        if csrf and self.csrf and method != "GET":
            h.setdefault("X-CSRF-Token", self.csrf)
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False).encode()
        elif isinstance(body, str):
            body = body.encode()
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        r.body = data
        try:
            r.json = json.loads(data) if data and r.getheader("Content-Type", "").startswith("application/json") else None
        except ValueError:
            r.json = None
        return r

    def login(self, name, password):
        r = self.req("POST", "/api/login", {"name": name, "password": password})
        if r.status == 200:
            self.cookie = r.getheader("Set-Cookie").split(";")[0]
            self.csrf = r.json["csrf"]
        return r


def report_path(year, agency, rest=""):
    return f"/api/years/{year}/reports/{q(agency)}{rest}"


def sample(agency=AGENCY_A, **changes):
    with open(SAMPLE, encoding="utf-8") as f:
        r = json.load(f)
    r["agency"] = agency
    r.pop("title", None)
    for k, v in changes.items():
        r[k] = v
    return r


def add_user(data, name, role, agency=None, password="password-1"):
    cmd = [XXGK, "user", "add", name, "--role", role, "--data", data]
    if agency:
        cmd += ["--agency", agency]
    p = subprocess.run(cmd, input=password + "\n", capture_output=True, text=True)
    return p


def main():
    tmp = tempfile.mkdtemp(prefix="xxgk-api-")
    data = os.path.join(tmp, "store")
    for name, role, agency in [("county", "county", None), ("clerk-a", "department", AGENCY_A),
                               ("clerk-b", "department", AGENCY_B),
                               ("victim", "department", AGENCY_B)]:
        p = add_user(data, name, role, agency)
        check(p.returncode == 0, f"user add {name}")
    p = subprocess.run([XXGK, "user", "add", "x", "--role", "county", "--data", data, "--password", "p"],
                       capture_output=True, text=True)
    check(p.returncode == 2 and "standard input" in p.stderr, "user add refuses a password on the command line")
    p = add_user(data, "short", "county", password="short")
    check(p.returncode != 0 and "8" in p.stderr, "user add refuses a password under 8 characters")
    p = add_user(data, "county", "county")
    check(p.returncode != 0, "user add refuses a name taken")
    with sqlite3.connect(os.path.join(data, "xxgk.db")) as db:
        h = db.execute("select pwhash from users where name='county'").fetchone()[0]
    check(h.startswith("$argon2id$") and "password-1" not in h, "passwords are kept as Argon2id hashes")

    srv = Server(data)
    anon = Client(srv)
    a, b, county = Client(srv), Client(srv), Client(srv)

    # ---- sessions -----------------------------------------------------------
    r = anon.req("GET", "/api/years/2022/reports")
    check(r.status == 401 and r.json["error"] == "login", "no session: 401")
    r = anon.req("GET", "/")
    csp = r.getheader("Content-Security-Policy") or ""
    check(r.status == 200 and "default-src 'self'" in csp and "script-src 'self'" in csp
          and "unsafe-inline" not in csp, "the page has a strict Content-Security-Policy")
    check(r.getheader("X-Content-Type-Options") == "nosniff", "nosniff on every answer")
    r = anon.req("GET", "/api/session")
    check(r.status == 401 and (r.getheader("Content-Security-Policy") or "") == csp, "API answers carry the CSP too")
    r = a.login("clerk-a", "wrong-password")
    check(r.status == 401, "a wrong password: 401")
    r = a.login("clerk-a", "password-1")
    cookie = r.getheader("Set-Cookie") or ""
    check(r.status == 200 and r.json["role"] == "department" and r.json["agency"] == AGENCY_A,
          "login: the session says who")
    check("HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
          and "Secure" not in cookie, "the cookie is HttpOnly, SameSite=Strict (Secure only with --secure-cookies)")
    check(re.fullmatch(r"xxgk_session=[0-9a-f]{64}", a.cookie) is not None, "the session token is 256 random bits")
    token = a.cookie.split("=")[1]
    with sqlite3.connect(os.path.join(data, "xxgk.db")) as db:
        stored = [t for (t,) in db.execute("select token from sessions")]
    check(token not in stored and len(stored) == 1, "the store keeps only a digest of the token")
    for i in range(5):
        anon.login("victim", "not-it-%d" % i)
    r = anon.login("victim", "password-1")
    check(r.status == 429 and r.getheader("Retry-After"), "5 failures of a name: 429 even with the right password")
    check(b.login("clerk-b", "password-1").status == 200, "another name still logs in")
    check(county.login("county", "password-1").status == 200, "the county logs in")
    r = anon.req("POST", "/api/login", "{not json")
    check(r.status == 400, "a login that is not JSON: 400")

    # ---- roles --------------------------------------------------------------
    r = a.req("GET", "/api/years/2022/reports")
    check(r.status == 200 and [x["agency"] for x in r.json] == [AGENCY_A], "a department lists only its own report")
    r = county.req("GET", "/api/years/2022/reports")
    check(r.status == 200 and {x["agency"] for x in r.json} == {AGENCY_A, AGENCY_B}
          and all(x["status"] == "not_started" for x in r.json), "the county lists every department, not started")
    r = a.req("GET", report_path(2022, AGENCY_B))
    check(r.status == 403, "a department cannot read another's report: 403")
    r = a.req("PUT", report_path(2022, AGENCY_B), sample(AGENCY_B), {"If-Match": '"0"'})
    check(r.status == 403, "nor write it: 403")
    r = a.req("GET", "/api/years/2022/county.json")
    check(r.status == 403, "a department cannot get the county's totals: 403")

    # ---- a first save -------------------------------------------------------
    r = a.req("GET", report_path(2022, AGENCY_A))
    check(r.status == 200 and r.json["version"] == 0 and r.json["start"] == "template"
          and r.json["report"]["agency"] == AGENCY_A and "date" not in r.json["report"],
          "a report not started: the blank form of the year's format, its agency filled, no date invented")
    body = sample()
    r = a.req("PUT", report_path(2022, AGENCY_A), body, {"If-Match": '"0"'}, csrf=False)
    check(r.status == 403 and r.json["error"] == "csrf", "a PUT without the CSRF token: 403")
    r = a.req("PUT", report_path(2022, AGENCY_A), body, {"If-Match": '"0"', "X-CSRF-Token": "0" * 64})
    check(r.status == 403, "a PUT with a wrong CSRF token: 403")
    r = a.req("PUT", report_path(2022, AGENCY_A), body)
    check(r.status == 428, "a PUT without If-Match: 428")
    r = a.req("PUT", report_path(2022, AGENCY_A), "{\"agency\": ", {"If-Match": '"0"'})
    check(r.status == 400 and r.json["error"] == "bad_json", "a PUT that is not JSON: 400")
    r = a.req("PUT", report_path(2022, AGENCY_A), sample(AGENCY_B), {"If-Match": '"0"'})
    check(r.status == 400 and r.json["error"] == "agency_mismatch", "a PUT naming another agency: 400")
    r = a.req("PUT", report_path(2022, AGENCY_A), body, {"If-Match": '"0"'})
    check(r.status == 200 and r.json["version"] == 1 and r.json["errors"] == 0
          and r.json["status"] == "draft" and r.json["by"] == "clerk-a", "the first save: version 1, a draft")
    r = a.req("PUT", report_path(2022, AGENCY_A), body, {"If-Match": '"0"'})
    check(r.status == 409 and r.json["version"] == 1 and r.json["by"] == "clerk-a",
          "a save from an old version: 409 with who saved")
    r = a.req("GET", report_path(2023, AGENCY_A))
    last = body if isinstance(body, dict) else json.loads(body)
    check(r.status == 200 and r.json["version"] == 0 and r.json["start"] == "previous"
          and r.json["report"]["year"] == 2023 and "date" not in r.json["report"]
          and r.json["report"].get("sections") == last.get("sections"),
          "the next year starts from this one (next-year): its text kept, no date")

    # ---- bodies and names ---------------------------------------------------
    # the answer comes from the headers alone: the 5 MB are never sent
    c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    c.putrequest("PUT", report_path(2022, AGENCY_A))
    for k, v in {"Cookie": a.cookie, "X-CSRF-Token": a.csrf, "If-Match": '"1"',
                 "Content-Length": str(5 << 20)}.items():
        c.putheader(k, v)
    c.endheaders()
    r = c.getresponse()
    check(r.status == 413, "a 5 MB body: 413 before it is sent")
    c.close()
    # a body without a length (chunked) is cut off at the limit: the
    # connection closed, nothing saved
    c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    try:
        c.request("PUT", report_path(2022, AGENCY_A), body=iter([b"x" * (1 << 20)] * 6),
                  headers={"Cookie": a.cookie, "X-CSRF-Token": a.csrf, "If-Match": '"1"'},
                  encode_chunked=True)
        status = c.getresponse().status
    except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
        status = "closed"
    check(status == "closed", "a chunked body past the limit: the connection closed")
    c.close()
    check(a.req("GET", report_path(2022, AGENCY_A)).json["version"] == 1, "and nothing saved")
    for bad in ["..", "%2e%2e", "a%2Fb", "%00", "a%0Ab"]:
        r = county.req("GET", f"/api/years/2022/reports/{bad}")
        check(r.status in (400, 404), f"an agency named {bad}: {r.status}, never a file")
    for bad in ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/.git/config", "/app.js%00.png"]:
        r = anon.req("GET", bad)
        check(r.status == 404 and b"root:" not in r.body, f"page {bad}: 404")
    r = county.req("GET", "/api/years/1999/reports")
    check(r.status == 400, "a year out of range: 400")

    # ---- checks, files, previews ---------------------------------------------
    broken = sample()
    broken["tables"]["applications"]["received"]["natural"] = 7
    r = a.req("POST", report_path(2022, AGENCY_A, "/check"), broken)
    paths = [d.get("path") for d in r.json["diagnostics"] if d["severity"] == "error"]
    check(r.status == 200 and r.json["errors"] >= 1 and "/tables/applications/received/total" in paths,
          "a check of unsaved content names the total's cell by its JSON pointer")
    places = [d.get("place") or "" for d in r.json["diagnostics"]]
    check(any("总计" in p for p in places), "and its place in Chinese")
    r = a.req("GET", report_path(2022, AGENCY_A, "/check"))
    check(r.status == 200 and r.json["errors"] == 0, "the saved version checks clean")
    r = a.req("GET", report_path(2022, AGENCY_A, ".pdf"))
    pdf = os.path.join(tmp, "a.pdf")
    with open(pdf, "wb") as f:
        f.write(r.body)
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    check(r.status == 200 and r.body.startswith(b"%PDF") and AGENCY_A in text
          and "filename*=UTF-8''" in (r.getheader("Content-Disposition") or ""), "the PDF, with its name")
    p = subprocess.run(["qpdf", "--list-attachments", pdf], capture_output=True, text=True)
    check("source.json" in p.stdout, "the PDF carries its source")
    r = a.req("GET", report_path(2022, AGENCY_A, "/pages/1.png"))
    pages = int(r.getheader("X-Page-Count") or 0)
    check(r.status == 200 and r.body.startswith(b"\x89PNG") and pages >= 3, "page 1 as PNG, the page count")
    r = a.req("GET", report_path(2022, AGENCY_A, f"/pages/{pages + 1}.png"))
    check(r.status == 404, "past the last page: 404")
    r = a.req("POST", report_path(2022, AGENCY_A, "/pages/1.png"), broken)
    check(r.status == 200 and r.body.startswith(b"\x89PNG"), "a preview of unsaved content with errors (a draft)")

    # ---- a second version, statuses ---------------------------------------------
    r = a.req("PUT", report_path(2022, AGENCY_A), broken, {"If-Match": '"1"'})
    check(r.status == 200 and r.json["version"] == 2 and r.json["errors"] >= 1, "saved even with errors")
    r = a.req("GET", report_path(2022, AGENCY_A, ".pdf"))
    check(r.status == 409 and r.json["error"] == "has_errors" and r.json["errors"] >= 1
          and any(d["rule"] == "C02" for d in r.json["diagnostics"]),
          "no PDF with errors: 409 with the diagnostics")
    r = a.req("GET", report_path(2022, AGENCY_A, ".pdf?draft=1"))
    with open(pdf, "wb") as f:
        f.write(r.body)
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    check(r.status == 200 and "草稿" in text, "?draft=1: a PDF marked 草稿")
    r = a.req("POST", report_path(2022, AGENCY_A, "/status"), {"status": "ready"})
    check(r.status == 409, "a report with errors cannot be submitted")
    r = a.req("PUT", report_path(2022, AGENCY_A), body, {"If-Match": '"2"'})
    check(r.status == 200 and r.json["version"] == 3, "fixed: version 3")
    r = a.req("GET", report_path(2022, AGENCY_A, "/versions"))
    check(r.status == 200 and [v["version"] for v in r.json] == [3, 2, 1] and r.json[1]["errors"] >= 1,
          "three versions, newest first, with their errors")
    r = a.req("GET", report_path(2022, AGENCY_A, "/diff?from=1&to=2"))
    check(r.status == 200 and r.json["differences"] >= 1
          and any("自然人" in line and "7" in line for line in r.json["lines"]), "the diff names the cell changed")
    r = a.req("GET", report_path(2022, AGENCY_A, "/versions/2"))
    check(r.status == 200 and r.json["tables"]["applications"]["received"]["natural"] == 7, "an old version's JSON")
    r = a.req("POST", report_path(2022, AGENCY_A, "/status"), {"status": "published"})
    check(r.status == 403, "a department cannot publish")
    r = a.req("POST", report_path(2022, AGENCY_A, "/status"), {"status": "ready"})
    check(r.status == 200 and r.json["status"] == "ready", "submitted: ready")
    r = county.req("POST", report_path(2022, AGENCY_A, "/status"), {"status": "returned"})
    check(r.status == 400, "returning needs a comment")
    r = county.req("POST", report_path(2022, AGENCY_A, "/status"), {"status": "returned", "comment": "请核对申请数"})
    check(r.status == 200 and r.json["status"] == "returned", "returned with a comment")
    r = a.req("GET", "/api/years/2022/reports")
    check(r.json[0]["status"] == "returned" and r.json[0]["comment"] == "请核对申请数", "the department sees the return")
    r = county.req("POST", report_path(2022, AGENCY_A, "/status"), {"status": "published"})
    check(r.status == 200 and r.json["status"] == "published", "published")
    corrected = sample()
    corrected["tables"]["proactive"]["item1"]["rules"]["issued"] = 2
    r = a.req("PUT", report_path(2022, AGENCY_A), corrected, {"If-Match": '"3"'})
    r = a.req("GET", report_path(2022, AGENCY_A))
    check(r.json["status"] == "draft" and r.json["published"] == 3, "a correction is a draft; the published version kept")
    r = a.req("GET", report_path(2022, AGENCY_A, "/diff"))
    check(r.status == 200 and r.json["differences"] == 1 and "规章" in r.json["lines"][0],
          "the diff defaults to published → latest: the 更正说明's material")

    # ---- the county ---------------------------------------------------------
    rb = sample(AGENCY_B)
    rb["tables"]["proactive"]["item1"]["rules"]["issued"] = 4
    r = b.req("PUT", report_path(2022, AGENCY_B), rb, {"If-Match": '"0"'})
    check(r.status == 200, "department B saves")
    r = county.req("GET", "/api/years/2022/county.json")
    check(r.status == 200 and r.json["tables"]["proactive"]["item1"]["rules"]["issued"] == 6
          and r.getheader("X-Left-Out") == "0", "the county's totals: every cell the sum")
    r = county.req("GET", "/api/years/2022/county.tsv")
    check(r.status == 200 and b"\t" in r.body and "规章".encode() in r.body, "the county's cells table")
    r = county.req("GET", "/api/years/2022/pdfs.zip")
    z = zipfile.ZipFile(io.BytesIO(r.body)) if r.status == 200 else None
    names = z.namelist() if z else []
    check(len([n for n in names if n.endswith(".pdf")]) == 2 and all(z.read(n).startswith(b"%PDF") for n in names if n.endswith(".pdf")),
          "every PDF in one ZIP")
    r = county.req("GET", report_path(2022, AGENCY_A))
    check(r.status == 200 and r.json["report"]["tables"]["proactive"]["item1"]["rules"]["issued"] == 2,
          "the county reads any report")

    if QUICK:
        check(srv.stop() == 0, "SIGTERM ends the server cleanly")
        check("worker ended" not in srv.stderr and not re.search(r"^==\d+== ", srv.stderr, re.M),
              "no error from the server or its workers")
        if srv.stderr.strip():
            print(srv.stderr[-6000:])
        print(f"{len(failures)} failure(s)")
        sys.exit(1 if failures else 0)

    # ---- formats ------------------------------------------------------------
    r = a.req("GET", "/api/formats/2021")
    skel = json.loads(subprocess.run([XXGK, "template", "--year", "2022"], capture_output=True, text=True).stdout)
    def leaves(o, path=""):
        if isinstance(o, dict):
            for k, v in o.items():
                yield from leaves(v, path + "/" + k)
        else:
            yield path
    want = {"/tables" + p for p in leaves(skel["tables"])}
    got = [c["path"] for s in r.json["sections"] for blk in s.get("blocks", []) for row in blk["rows"]
           for c in row if c["kind"] == "value"]
    check(r.status == 200 and set(got) == want and len(got) == len(want),
          f"the form has one input per cell of the format ({len(got)}), each at its JSON pointer")
    check(r.status == 200 and [s["number"] for s in r.json["sections"]] == list("一二三四五六"), "six sections")
    r = a.req("GET", "/api/formats")
    check(r.status == 200 and [f["format"] for f in r.json] == ["2019", "2021"]
          and r.json[1]["first_year"] == 2021, "the formats, in order")
    r = a.req("GET", "/api/formats/1999")
    check(r.status == 404, "an unknown format: 404")

    # ---- import ---------------------------------------------------------------
    seed = sorted(os.listdir(os.path.join(SRC, "samples", "seeds")))[0]
    with open(os.path.join(SRC, "samples", "seeds", seed), "rb") as f:
        raw = f.read()
    r = a.req("POST", report_path(2022, AGENCY_A, "/import"), raw, {"X-File-Name": q("去年的报告.txt")})
    check(r.status == 200 and r.json["report"]["tables"] and isinstance(r.json["diagnostics"]["diagnostics"], list),
          "import of a published page's text: the report, not saved")
    r = a.req("POST", report_path(2022, AGENCY_A, "/import"), b"PK\x03\x04garbage", {"X-File-Name": "x.docx"})
    check(r.status == 422 and r.json["report"] is None, "a broken .docx: 422, nothing invented")
    r = a.req("POST", report_path(2022, AGENCY_A, "/import"), b"abc", {"X-File-Name": "x.doc"})
    check(r.status == 422, "a .doc is refused (save as .docx)")
    r = a.req("POST", report_path(2022, AGENCY_A, "/import"), b"abc")
    check(r.status == 400, "an upload without a name: 400")
    r = a.req("GET", report_path(2022, AGENCY_A))
    check(r.json["version"] == 4, "imports saved nothing")

    # ---- workers that die -------------------------------------------------------
    for pid in srv.workers():
        os.kill(pid, signal.SIGKILL)
    fresh = sample()
    fresh["tables"]["applications"]["received"]["natural"] = 3
    r = a.req("POST", report_path(2022, AGENCY_A, "/check"), fresh)
    check(r.status == 200 and "diagnostics" in r.json, "every worker killed: the next request is answered by a new one")

    # ---- many writers -----------------------------------------------------------
    # Each writer reads, changes a cell and saves from the version it read:
    # every 200 is a version, every conflict a 409, no write lost.
    results = []
    lock = threading.Lock()

    def writer(n):
        c = Client(srv)
        c.cookie, c.csrf = a.cookie, a.csrf
        for i in range(6):
            g = c.req("GET", report_path(2022, AGENCY_A))
            rep = g.json["report"]
            rep["tables"]["proactive"]["item1"]["rules"]["in_force"] = n * 100 + i
            p = c.req("PUT", report_path(2022, AGENCY_A), rep, {"If-Match": '"%d"' % g.json["version"]})
            with lock:
                results.append((p.status, p.json.get("version") if p.json else None, n * 100 + i))
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ok = [r for r in results if r[0] == 200]
    check(all(r[0] in (200, 409) for r in results), "concurrent writers: each save 200 or 409, nothing else")
    versions = sorted(r[1] for r in ok)
    check(versions == list(range(5, 5 + len(ok))), f"{len(ok)} saves, {len(ok)} versions, in order")
    with sqlite3.connect(os.path.join(data, "xxgk.db")) as db:
        for status, v, value in ok:
            j = json.loads(db.execute("select json from versions where agency=? and version=?", (AGENCY_A, v)).fetchone()[0])
            if j["tables"]["proactive"]["item1"]["rules"]["in_force"] != value:
                check(False, f"version {v} holds what was saved")
                break
        else:
            check(True, "every version holds exactly what its save sent")

    # ---- logout -----------------------------------------------------------------
    r = b.req("POST", "/api/logout")
    check(r.status == 204, "logout")
    r = b.req("GET", "/api/session")
    check(r.status == 401, "the session is gone after logout")

    # ---- a clean stop: the leak checkers see the server and its workers end ----
    check(srv.stop() == 0, "SIGTERM ends the server cleanly")
    check("Sanitizer" not in srv.stderr and "runtime error" not in srv.stderr
          and "worker ended" not in srv.stderr, "no sanitizer report from the server or its workers")
    if srv.stderr.strip():
        print(srv.stderr[-4000:])
    srv.start()
    check(county.req("GET", "/api/session").status == 200, "sessions outlive a restart")

    # ---- kill -9 in the middle of writes, then a restart ---------------------------
    acked = []
    stop = threading.Event()
    enough = threading.Event()

    def hammer(n):
        c = Client(srv)
        c.cookie, c.csrf = county.cookie, county.csrf
        i = 0
        while not stop.is_set():
            agency = AGENCY_B
            try:
                g = c.req("GET", report_path(2022, agency))
                rep = g.json["report"]
                rep["tables"]["proactive"]["item1"]["normative_documents"]["issued"] = n * 1000 + i
                p = c.req("PUT", report_path(2022, agency), rep, {"If-Match": '"%d"' % g.json["version"]})
                if p.status == 200:
                    with lock:
                        acked.append((p.json["version"], n * 1000 + i))
                        if len(acked) >= 15:
                            enough.set()
            except (OSError, http.client.HTTPException, AttributeError, TypeError):
                pass
            i += 1
    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    enough.wait(timeout=120)
    srv.proc.kill()
    srv.proc.wait()
    srv.proc.stdout.close()
    stop.set()
    for t in threads:
        t.join()
    check(len(acked) >= 15, f"{len(acked)} writes acknowledged before the kill")
    with sqlite3.connect(os.path.join(data, "xxgk.db")) as db:
        check(db.execute("pragma integrity_check").fetchone()[0] == "ok", "the database is intact after kill -9")
    srv.start()
    c = Client(srv)
    c.login("county", "password-1")
    lost = 0
    for v, value in acked:
        r = c.req("GET", report_path(2022, AGENCY_B, f"/versions/{v}"))
        if r.status != 200 or r.json["tables"]["proactive"]["item1"]["normative_documents"]["issued"] != value:
            lost += 1
    check(lost == 0, "after the restart every acknowledged write is there")
    r = c.req("GET", report_path(2022, AGENCY_B))
    latest = max(v for v, _ in acked)
    check(r.status == 200 and r.json["version"] >= latest, "the report's version is the newest saved")
    check(srv.stop() == 0, "and the restarted one stops cleanly")

    print(f"{len(failures)} failure(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
