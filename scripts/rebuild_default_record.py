#!/usr/bin/env python3
"""Re-records the decision record of the embedded default model after its framing was edited.

The record of examples/childrens_services.json is one lock followed by one recorded scoring. An
edit to the framing (questions, answers, criteria, gates, groups ...) breaks that record, as it
should; this script replays it on the edited framing with the same people, times and reasons:
scores are taken out, the framing is locked (`adva lock`), and the scores are put back through the
record (`adva score --from`). Usage: scripts/rebuild_default_record.py BUILD_DIR/adva [MODEL]
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

adva = sys.argv[1]
path = Path(sys.argv[2] if len(sys.argv) > 2 else Path(__file__).resolve().parent.parent / "examples/childrens_services.json")
model = json.loads(path.read_text())
audit = model["governance"]["audit"]
actions = [e["action"] for e in audit]
if actions != ["lock", "score"]:
    sys.exit(f"expected a record of one lock and one scoring, found {actions}")
lock, scoring = audit

scores = {o["id"]: o.pop("scores") for o in model["options"] if "scores" in o}
del model["governance"]
with tempfile.TemporaryDirectory() as work:
    draft, score_file = Path(work, "model.json"), Path(work, "scores.json")
    draft.write_text(json.dumps(model))
    score_file.write_text(json.dumps(scores))
    subprocess.run([adva, "lock", str(draft), "--by", lock["by"], "--at", lock["at"]], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([adva, "score", str(draft), "--from", str(score_file), "--rationale", scoring["reason"],
                    "--by", scoring["by"], "--at", scoring["at"]], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([adva, "verify", str(draft)], check=True, stdout=subprocess.DEVNULL)
    path.write_text(draft.read_text())
print(f"re-recorded {path}")
