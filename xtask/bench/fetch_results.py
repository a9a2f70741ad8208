"""A minimal Python SQL Gateway client, for `cargo xtask bench`: the seed executor's approach.

fetch_results.py GATEWAY_URL QUERY [SETUP_STATEMENT...]
    runs the setup statements, then the query, in one session, following nextResultUri and
    printing every row as a JSON line with its `op`.
fetch_results.py --cancel FLINK_REST_URL JOB_NAME
    cancels every running job of that name (cleanup after a failed run).
"""
import json
import sys
import time

import requests

KINDS = {"INSERT": "+I", "UPDATE_BEFORE": "-U", "UPDATE_AFTER": "+U", "DELETE": "-D"}


def drain(http, base, uri, out):
    columns = None
    delay = 0.001
    deadline = time.monotonic() + 3600
    while True:
        page = http.get(base + uri)
        page.raise_for_status()
        page = page.json()
        results = page.get("results") or {}
        if columns is None and results.get("columns"):
            columns = [c["name"] for c in results["columns"]]
        data = results.get("data") or []
        if out is not None:
            for row in data:
                record = {"op": KINDS.get(row.get("kind"), "+I")}
                record.update(zip(columns, row["fields"]))
                out.write(json.dumps(record))
                out.write("\n")
        uri = page.get("nextResultUri")
        if page["resultType"] == "EOS" or not uri:
            return
        if data:
            delay = 0.001
        else:
            if time.monotonic() > deadline:
                raise SystemExit("no end of results within an hour")
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def submit(http, base, session, sql):
    r = http.post(f"{base}/v2/sessions/{session}/statements", json={"statement": sql})
    r.raise_for_status()
    op = r.json()["operationHandle"]
    return f"/v2/sessions/{session}/operations/{op}/result/0?rowFormat=JSON"


def cancel(flink, name):
    jobs = requests.get(f"{flink}/jobs/overview", timeout=10).json()["jobs"]
    for job in jobs:
        if job["name"] == name and job["state"] in ("RUNNING", "CREATED", "INITIALIZING"):
            requests.patch(f"{flink}/jobs/{job['jid']}?mode=cancel", timeout=10)
            print(f"cancelled {job['jid']}", file=sys.stderr)


def main():
    if sys.argv[1] == "--cancel":
        cancel(sys.argv[2].rstrip("/"), sys.argv[3])
        return
    base, query, setup = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3:]
    http = requests.Session()
    r = http.post(f"{base}/v2/sessions", json={})
    r.raise_for_status()
    session = r.json()["sessionHandle"]
    for sql in setup:
        drain(http, base, submit(http, base, session, sql), None)
    out = sys.stdout
    drain(http, base, submit(http, base, session, query), out)
    out.flush()
    http.delete(f"{base}/v2/sessions/{session}")


if __name__ == "__main__":
    main()
