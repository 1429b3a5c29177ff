"""The decision record from Python: lock, reopen and scores after lock as a hash-chained audit,
optionally signed with Ed25519; verify() and appraise(strict=True) check it (docs/decision-record.md)."""

from __future__ import annotations

import pickle
import subprocess

import pandas as pd
import pytest

import adva

T0 = "2030-01-01T09:00:00Z"  # later than every entry of the default model's record
T1 = "2030-01-02T09:00:00Z"
T2 = "2030-01-03T09:00:00Z"
T3 = "2030-01-04T09:00:00Z"


def _keypair(directory, name):
    """An Ed25519 key pair made by the openssl command, as docs tell users to: (private, public) paths."""
    private, public = directory / f"{name}.pem", directory / f"{name}.pub.pem"
    subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", str(private)], check=True,
                   capture_output=True)
    subprocess.run(["openssl", "pkey", "-in", str(private), "-pubout", "-out", str(public)], check=True,
                   capture_output=True)
    return private, public


@pytest.fixture
def keys(tmp_path):
    return _keypair(tmp_path, "board")


def _fresh(model):
    """The model without its record: an unlocked framing whose record starts with the next lock."""
    d = model.to_dict()
    del d["governance"]
    return adva.Model.from_dict(d)


def _kinds(verification):
    return [f["kind"] for f in verification.findings]


# --- errors -----------------------------------------------------------------------------------------

def test_integrity_error_is_an_adva_error_but_not_bad_input():
    assert issubclass(adva.IntegrityError, adva.Error)
    assert adva.errors.IntegrityError is adva.IntegrityError
    assert not issubclass(adva.IntegrityError, ValueError)
    e = adva.IntegrityError.make("adva.governance.integrity", "/governance", "does not verify")
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is adva.IntegrityError and back.id == e.id and str(back) == str(e)


# --- lock, score, verify ---------------------------------------------------------------------------

def test_the_default_model_verifies_and_appraises_strictly(model):
    v = model.verify()
    assert v.verified and v.state == "locked" and v.findings == []
    assert v.framing_digest == v.recorded_digest == model.governance["current_digest"]
    assert v.entries == len(model.governance["audit"]) and v.record_head == model.governance["record_head"]
    assert v.raise_if_failed() is v
    assert model.appraise(strict=True).governance["state"] == "locked"


def test_a_score_after_lock_is_recorded_old_to_new_and_verifies(model):
    before = model.scores.loc["O1", "SF_practice"]
    head, recorded = model.governance["record_head"], model.governance["score_changes_recorded"]
    assert model.score("O1", "SF_practice", 61, rationale="inspection report 2030", by="panel", at=T0) is None
    assert model.scores.loc["O1", "SF_practice"] == 61
    entry = model.governance["audit"][-1]
    assert entry["action"] == "score" and entry["by"] == "panel" and entry["at"] == T0
    assert entry["reason"] == "inspection report 2030" and entry["previous"] == head
    (change,) = entry["changes"]
    assert change["option"] == "O1" and change["criterion"] == "SF_practice"
    assert change["after"] in (61, {"value": 61})
    assert change["before"] in (before, {"value": before})
    # The score keeps its own rationale: the entry's, since none was given.
    assert model.to_dict()["options"][0]["scores"]["SF_practice"]["rationale"] == "inspection report 2030"

    v = model.verify()
    assert v.verified and v.findings == [] and v.score_changes_recorded == recorded + 1
    g = model.governance
    assert g["score_changes_recorded"] == recorded + 1 and g["record_head"] == v.record_head != head
    assert g["findings"] == []
    assert model.appraise(strict=True).governance["score_changes_recorded"] == recorded + 1


def test_score_many_records_one_entry_and_takes_model_file_scores(model):
    n, recorded = len(model.governance["audit"]), model.governance["score_changes_recorded"]
    model.score_many({"O1": {"SF_practice": {"distribution": "triangular", "low": 40, "mode": 55, "high": 70,
                                             "rationale": "workshop range"}},
                      "O2": {"SF_practice": 35.5}}, rationale="moderation panel", by="panel", at=T0)
    audit = model.governance["audit"]
    assert len(audit) == n + 1 and len(audit[-1]["changes"]) == 2
    scores = model.to_dict()["options"]
    assert scores[0]["scores"]["SF_practice"]["distribution"] == "triangular"
    assert scores[0]["scores"]["SF_practice"]["rationale"] == "workshop range"  # its own, not the entry's
    assert model.scores.loc["O2", "SF_practice"] == 35.5
    assert model.verify().verified and model.verify().score_changes_recorded == recorded + 2


def test_a_refused_score_changes_nothing(model):
    before = model.to_dict()
    with pytest.raises(adva.InvalidInputError) as info:
        model.score_many({"O1": {"SF_practice": 50}, "NOPE": {"SF_practice": 50}}, "r", by="panel", at=T0)
    assert info.value.id == "adva.model.unknown_id"
    with pytest.raises(adva.InvalidInputError) as info:
        model.score_many({"O1": {"SF_practice": "high"}}, "r", by="panel", at=T0)
    assert info.value.where == "scores/O1/SF_practice"
    with pytest.raises(adva.InvalidInputError) as info:
        model.score_many({}, "r", by="panel", at=T0)
    assert info.value.id == "adva.governance.no_change"
    with pytest.raises(adva.InvalidTypeError) as info:
        model.score("O1", "SF_practice", True, "r", by="panel")
    assert info.value.where == "value"
    with pytest.raises(adva.StageError) as info:
        model.score("O1", "SF_practice", 50, "  ", by="panel", at=T0)
    assert info.value.id == "adva.governance.reason_required"
    assert model.to_dict() == before


def test_scores_are_recorded_only_after_lock(unlocked):
    with pytest.raises(adva.StageError) as info:
        unlocked.score("O1", "SF_practice", 50, "r", by="panel", at=T0)
    assert info.value.id == "adva.governance.not_locked"


def test_a_direct_score_edit_after_lock_is_allowed_but_reported(model):
    model.set_score("O1", "SF_practice", 12)  # allowed while locked: scores are not the framing
    v = model.verify()
    assert v.verified  # a warning only ...
    (finding,) = v.findings
    assert finding["kind"] == "scores_outside_record" and finding["severity"] == "warning"
    strict = model.verify(strict=True)
    assert not strict.verified  # ... a failure under strict
    with pytest.raises(adva.IntegrityError) as info:
        strict.raise_if_failed()
    assert info.value.id == "adva.governance.integrity" and "without adva score" in str(info.value)
    with pytest.raises(adva.IntegrityError):
        model.appraise(strict=True)
    assert model.appraise().governance["findings"] == [finding]


# --- the framing changed after lock ------------------------------------------------------------------

def test_a_weight_edited_in_the_file_after_lock_is_named(model, tmp_path):
    d = model.to_dict()
    sf = next(c for c in d["criteria"] if c["id"] == "SF")
    assert sf["weight"] == 100
    sf["weight"] = 157
    path = tmp_path / "tampered.json"
    adva.Model.from_dict(d).save(path)  # the loader accepts it: the record is for verify() to judge
    tampered = adva.load(path)

    v = tampered.verify()
    assert not v.verified and v.state == "modified after lock"
    assert v.framing_digest != v.recorded_digest
    changed = [f for f in v.findings if f["kind"] == "framing_changed"]
    assert [f["where"] for f in changed] == ["criteria/SF/weight"]
    assert changed[0]["severity"] == "failure"
    assert changed[0]["message"] == "changed after lock: criteria/SF/weight: 100 \u2192 157"
    assert tampered.governance["state"] == "modified after lock"

    with pytest.raises(adva.IntegrityError) as info:
        tampered.appraise(strict=True)
    assert info.value.id == "adva.governance.integrity" and info.value.where == "/governance"
    assert "criteria/SF/weight" in str(info.value)
    assert tampered.appraise().governance["state"] == "modified after lock"  # reported, not refused
    with pytest.raises(adva.IntegrityError):
        v.raise_if_failed()
    # Reopening does not legalise the change, nor does a score entry extend the broken record.
    with pytest.raises(adva.IntegrityError) as info:
        tampered.reopen("make it right", by="board", at=T0)
    assert info.value.id == "adva.governance.integrity"
    with pytest.raises(adva.IntegrityError):
        tampered.score("O1", "SF_practice", 50, "r", by="panel", at=T0)


def test_framing_edits_through_the_api_stay_refused_while_locked(model):
    with pytest.raises(adva.StageError) as info:
        model.set_weight("SF", 157)
    assert info.value.id == "adva.stage.locked"
    with pytest.raises(adva.StageError) as info:
        model.remove_option("O1")  # the option list is part of the framing
    assert info.value.id == "adva.stage.locked"
    with pytest.raises(adva.StageError) as info, model.edit() as d:
        d["governance"]["audit"].pop()
    assert info.value.id == "adva.stage.governance_edit"
    assert model.verify().verified


def test_reopen_edit_and_lock_again_counts_one_revision(model):
    model.reopen("members asked for a lower weight on finance", by="board", at=T0)
    g = model.governance
    assert g["state"] == "reopened" and g["reopen_reason"] == "members asked for a lower weight on finance"
    assert g["revisions"] == 1 and g["weights_revised_after_scoring"] == 1
    assert [f["kind"] for f in g["findings"]] == ["not_locked"]
    assert not model.verify().verified
    model.set_weight("SF", 157)
    advice = model.lock(by="board", at=T1)
    assert isinstance(advice, list) and all(isinstance(a, str) for a in advice)
    v = model.verify()
    assert v.verified and v.revisions == 1 and v.state == "locked" and v.findings == []
    assert [e["action"] for e in model.governance["audit"][-2:]] == ["reopen", "lock"]
    assert model.appraise(strict=True).governance["revisions"] == 1


def test_a_lock_needs_weights_from_answers_unless_asked_for_directly(model):
    starter = adva.starter_model()  # no answers and no weights at all
    with pytest.raises(adva.StageError) as info:
        starter.lock(by="board")
    assert info.value.id == "adva.governance.no_weights"

    d = _fresh(model).to_dict()
    for f in d["functions"]:
        for q in f["questions"]:
            q["answers"] = []
    for c in d["criteria"]:
        c.setdefault("weight", 10)
    direct = adva.Model.from_dict(d)
    with pytest.raises(adva.StageError) as info:
        direct.lock(by="board", at=T0)
    assert info.value.id == "adva.governance.no_weights" and "direct" in str(info.value)
    assert not direct.governance["locked"]
    advice = direct.lock(by="board", at=T0, direct_weights=True)
    assert any("no answer" in a for a in advice)  # every question is unanswered
    assert direct.governance["audit"][-1]["reason"] == "weights set directly on the criteria, not from answers"
    assert direct.verify().verified


def test_times_are_utc_and_never_go_backwards(model):
    with pytest.raises(adva.InvalidInputError) as info:
        model.reopen("r", by="board", at="yesterday")
    assert info.value.id == "adva.governance.time" and info.value.where == "at"
    with pytest.raises(adva.StageError) as info:
        model.reopen("r", by="board", at="2000-01-01T00:00:00Z")
    assert info.value.id == "adva.governance.backdated" and info.value.where == "at"
    assert model.governance["state"] == "locked"


# --- signatures and the published digest --------------------------------------------------------------

def test_signed_entries_verify_with_the_right_key_only(model, keys, tmp_path):
    private, public = keys
    _, other_public = _keypair(tmp_path, "other")
    m = _fresh(model)
    m.lock(by="board", at=T0, sign=private)  # a pathlib.Path
    m.score("O1", "SF_practice", 70, "evidence pack 3", by="panel", at=T1, sign=str(private))  # a str path
    assert all(e["signature"] and e["key"] for e in m.governance["audit"])

    v = m.verify(pubkey=public)
    assert v.verified and v.signatures_checked and v.findings == []
    assert m.verify(pubkey=public.read_text()).verified  # PEM text itself

    wrong = m.verify(pubkey=other_public)
    assert not wrong.verified and wrong.state == "locked"  # the record is whole: the signer is wrong
    assert set(_kinds(wrong)) == {"signature_invalid"} and len(wrong.findings) == 2
    assert wrong.findings[0]["where"] == "/governance/audit/0/signature"
    assert m.verify().verified  # without a key, signatures are not checked

    # An unsigned entry in a record checked against a key.
    m.reopen("finance rules changed", by="board", at=T2)
    v = m.verify(pubkey=public)
    assert _kinds(v) == ["signature_missing", "not_locked"]
    assert v.findings[0]["where"] == "/governance/audit/2/signature"


def test_keys_are_checked(model, keys, tmp_path):
    private, public = keys
    not_a_key = tmp_path / "notes.txt"
    not_a_key.write_text("not a key\n")
    m = _fresh(model)
    with pytest.raises(adva.InvalidInputError) as info:
        m.lock(by="board", at=T0, sign=not_a_key)
    assert info.value.id == "adva.governance.key" and info.value.where == "sign"
    with pytest.raises(adva.InvalidInputError) as info:
        m.lock(by="board", at=T0, sign=public)  # a public key cannot sign
    assert info.value.id == "adva.governance.key"
    assert not m.governance["locked"] and m.governance["audit"] == []  # a failed lock changes nothing
    with pytest.raises(adva.InvalidInputError) as info:
        m.lock(by="board", at=T0, sign=tmp_path / "missing.pem")
    assert info.value.id == "adva.io.read"
    with pytest.raises(adva.InvalidInputError) as info:
        model.verify(pubkey=private.read_text())  # a private key is not a public key
    assert info.value.id == "adva.governance.key" and info.value.where == "pubkey"
    with pytest.raises(adva.InvalidTypeError):
        model.verify(pubkey=42)


def test_the_published_digest_must_match(model):
    digest = model.governance["current_digest"]
    assert model.verify(digest=digest).verified
    assert model.verify(digest=digest.upper()).published_digest_checked
    v = model.verify(digest="0" * 64)
    assert not v.verified and _kinds(v) == ["published_digest"]
    assert v.findings[0]["where"] == "digest"  # the argument, as errors name it
    assert digest in v.findings[0]["message"]
    with pytest.raises(adva.IntegrityError) as info:
        v.raise_if_failed()
    assert info.value.id == "adva.governance.integrity"


# --- reports ---------------------------------------------------------------------------------------

def test_results_and_their_workbook_carry_the_record_status(model, tmp_path):
    model.set_score("O1", "SF_practice", 12)
    r = model.appraise()
    g = r.governance
    for key in ("state", "findings", "record_head", "reopen_reason", "revisions", "score_changes_recorded",
                "scored_before_lock", "imputations", "status_text"):
        assert key in g
    assert g["record_head"] == model.governance["record_head"]
    p = tmp_path / "r.xlsx"
    r.to_excel(p)
    findings = pd.read_excel(p, sheet_name="findings", index_col=0)
    assert list(findings["kind"]) == ["scores_outside_record"] and list(findings["severity"]) == ["warning"]
    sheet = pd.read_excel(p, sheet_name="governance", index_col=0)["value"]
    assert sheet["state"] == "locked" and sheet["record_head"] == g["record_head"]


def test_the_record_survives_save_and_load(model, keys, tmp_path):
    private, public = keys
    m = _fresh(model)
    m.lock(by="board", at=T0, sign=private)
    m.score("O1", "SF_practice", 70, "evidence", by="panel", at=T1, sign=private)
    path = tmp_path / "m.json"
    m.save(path)
    back = adva.load(path)
    assert back == m and back.verify(pubkey=public).verified


def test_the_record_survives_an_excel_round_trip(model, keys, tmp_path):
    private, public = keys
    m = _fresh(model)
    m.lock(by="board", at=T0, sign=private)
    m.score("O1", "SF_practice", {"distribution": "range", "low": 40, "high": 60}, "=workshop range", by="panel", at=T1,
            sign=private)
    p = tmp_path / "m.xlsx"
    m.to_excel(p)
    back = adva.from_excel(p)
    assert back == m
    v = back.verify(pubkey=public, strict=True)
    assert v.verified and v.record_head == m.verify().record_head
    assert back.governance["audit"][-1]["changes"][0]["after"] == {"distribution": "range", "low": 40, "high": 60}
    assert back.to_dict()["options"][0]["scores"]["SF_practice"]["rationale"] == "=workshop range"  # text, not a formula
