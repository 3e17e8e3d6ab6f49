#!/usr/bin/env python3
"""Sums the .trx files of a test run into one line: `tests: N passed, N failed, N skipped`.

A build failure or a test host that died without writing results counts as a failure, so a
broken run can never print `0 failed`. Exits non-zero when anything failed.
"""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

results_dir, build_rc, test_rc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
passed = failed = skipped = 0
failed_names = []


def first_line(result):
    """The failure's first message line with every quoted string blanked: test data (values a test made up
    as secrets included) is quoted, while counts and reasons are not, and those say why a run went red."""
    message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=ns).strip()
    line = re.sub(r'"[^"]*"', '"…"', message.splitlines()[0] if message else "")
    return line[:400]


ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for path in glob.glob(os.path.join(results_dir, "**", "*.trx"), recursive=True):
    root = ET.parse(path).getroot()
    # The last lines are what a CI summary keeps: each failed test's name and the first line of its message.
    failed_names += [(r.get("testName", "?"), first_line(r)) for r in root.iterfind("t:Results/t:UnitTestResult", ns) if r.get("outcome") == "Failed"]
    counters = root.find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        failed += 1
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))

if (build_rc != 0 or test_rc != 0) and failed == 0:
    failed = 1  # the build broke or a test host crashed: never report a clean run
for name, why in failed_names:
    print(f"failed: {name}")
    if why:
        print(f"  {why}")
line = f"tests: {passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
