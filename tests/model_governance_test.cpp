// The decision record: what the framing covers, the chained audit record (lock, reopen, score),
// every refusal, every finding kind verify() reports, signatures, and the lawful path
// lock → score → reopen → edit → lock.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <unistd.h>

#include "adva/error.hpp"
#include "adva/io/model_json.hpp"
#include "io_fixture.hpp"

namespace {

// Two Ed25519 key pairs (openssl genpkey -algorithm ed25519; openssl pkey -pubout).
const std::string key_a = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIGuk902tiQdKDSkr9QP+owH4x6tjkbjvmtJSCl0Ygtsj\n-----END PRIVATE KEY-----\n";
const std::string pub_a = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAKy5ddMGSa+s304sH/Ttq/jI4QBp9vXt0OrJQTbxe5VI=\n-----END PUBLIC KEY-----\n";
const std::string pub_b = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA0TrfZoSW35bbs9MkAWaUok9UK0zPVvldpTJuEBqntFI=\n-----END PUBLIC KEY-----\n";

// The rich fixture with its framing open and no scores: the state before `lock`.
adva::appraisal unlocked_model() {
    adva::appraisal m = adva::io::parse_model(adva_test::rich_model_text);
    m.governance = {};
    for (auto& o : m.options) o.scores.clear();
    return m;
}

adva::record_request at(const std::string& time, const std::string& by = "Options board") {
    return {.by = by, .at = time};
}

/// Locked at 2026-03-01 and scored through the record on 2026-03-10.
adva::appraisal locked_and_scored() {
    adva::appraisal m = unlocked_model();
    adva::lock(m, at("2026-03-01T12:00:00Z"));
    adva::record_scores(m, {{"O1", "C1", {.value = 55.0}}, {"O2", "C1", {.value = 50.0}}}, "scoring workshop",
                        at("2026-03-10T12:00:00Z"));
    return m;
}

bool is_hex_sha256(const std::string& s) {
    return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::vector<std::string> kinds(const adva::governance_status& s) {
    std::vector<std::string> out;
    for (const auto& f : s.findings) out.push_back(f.kind);
    return out;
}

bool has(const adva::governance_status& s, const std::string& kind) {
    const auto k = kinds(s);
    return std::find(k.begin(), k.end(), kind) != k.end();
}

const adva::integrity_finding* find(const adva::governance_status& s, const std::string& kind) {
    for (const auto& f : s.findings)
        if (f.kind == kind) return &f;
    return nullptr;
}

}  // namespace

// --- the framing ----------------------------------------------------------------------------------

TEST_CASE("framing_digest is the SHA-256 of the canonical framing JSON", "[governance]") {
    adva::appraisal m;
    // Known answer, computed independently: printf '%s' "$framing" | sha256sum
    const std::string framing = adva::io::framing_to_json(m).dump();
    CHECK(framing ==
          R"({"attributes":[],"consensus":{"method":"arithmetic_mean"},"context":{"currency":"GBP","discount_rate":0.035,)"
          R"("discount_schedule":"constant","horizon_years":10},"criteria":[],"functions":[],"gates":[],)"
          R"("illustrative":false,"options":[],"stakeholder_groups":[],"vehicle_types":[]})");
    CHECK(adva::framing_digest(m) == "e0b7135df3515cfaec51ce8815b30fa367a2348ff5a78b5177d594265b32b294");
}

TEST_CASE("the framing covers everything that decides the result except scores and costs", "[governance]") {
    const adva::appraisal m = unlocked_model();
    const std::string d = adva::framing_digest(m);
    CHECK(is_hex_sha256(d));

    auto changes_digest = [&](auto edit) {
        adva::appraisal changed = m;
        edit(changed);
        return adva::framing_digest(changed) != d;
    };
    CHECK(changes_digest([](auto& x) { x.criteria[2].weight = 41.0; }));
    CHECK(changes_digest([](auto& x) { x.functions[0].questions[0].answers[0].swing["VFM"] = 61.0; }));
    CHECK(changes_digest([](auto& x) { x.functions[0].questions[1].answers[0].text = "No"; }));
    CHECK(changes_digest([](auto& x) { x.gates[1].threshold = 41.0; }));
    CHECK(changes_digest([](auto& x) { x.context.discount_rate = 0.03; }));
    CHECK(changes_digest([](auto& x) { x.groups[1].influence = 3.0; }));
    CHECK(changes_digest([](auto& x) { x.consensus.method = adva::consensus_method::arithmetic_mean; }));
    CHECK(changes_digest([](auto& x) { x.criteria[2].value.upper = 2000.0; }));
    CHECK(changes_digest([](auto& x) { x.illustrative = false; }));
    // The option list and every attribute a gate reads.
    CHECK(changes_digest([](auto& x) { x.options.pop_back(); }));
    CHECK(changes_digest([](auto& x) { x.options[0].attributes["independent"] = true; }));
    CHECK(changes_digest([](auto& x) { x.options[0].attributes["legal_form"] = std::string("trust"); }));
    CHECK(changes_digest([](auto& x) { x.options[0].business_as_usual = false; }));
    CHECK(changes_digest([](auto& x) { x.options[1].vehicle = "in_house"; }));

    // Not framing: scores, costs, evidence, attributes no gate reads, the record itself.
    CHECK_FALSE(changes_digest([](auto& x) { x.options[0].scores["C1"] = {.value = 80.0}; }));
    CHECK_FALSE(changes_digest([](auto& x) { x.options[1].costs.push_back({.name = "x", .amount = 1.0}); }));
    CHECK_FALSE(changes_digest([](auto& x) { x.options[0].evidence = "new report"; }));
    CHECK_FALSE(changes_digest([](auto& x) { x.options[0].attributes["note"] = std::string("free text"); }));
    CHECK_FALSE(changes_digest([](auto& x) { x.governance.audit.push_back({.action = "lock"}); }));
}

// --- lock, reopen, score --------------------------------------------------------------------------

TEST_CASE("lock records the digest, a copy of the framing and the first entry of the chain", "[governance]") {
    adva::appraisal m = unlocked_model();
    const auto advice = adva::lock(m, at("2026-03-01T12:00:00Z", "Director of Children's Services"));
    const auto& g = m.governance;
    CHECK(g.locked);
    CHECK(g.framing_digest == adva::framing_digest(m));
    CHECK(g.framing == adva::io::framing_to_json(m).dump());
    REQUIRE(g.audit.size() == 1);
    const auto& e = g.audit[0];
    CHECK(e.action == "lock");
    CHECK(e.by == "Director of Children's Services");
    CHECK(e.at == "2026-03-01T12:00:00Z");
    CHECK(e.digest == g.framing_digest);
    CHECK(e.scores_digest == adva::scores_digest(m));
    CHECK(e.previous.empty());
    CHECK(e.signature.empty());
    CHECK_FALSE(e.after_scoring);
    // Q3 and Q4 have no answers: the person locking is told.
    REQUIRE_FALSE(advice.empty());
    CHECK(advice[0] == "2 questions have no answer (Q3, Q4): the framing is locked without them");

    const auto s = adva::check_governance(m);
    CHECK(s.verified());
    CHECK(s.verified(true));
    CHECK(s.state() == "locked");
    CHECK(s.findings.empty());
    CHECK(s.record_head == adva::entry_hash(e));
    CHECK_FALSE(s.scored_before_lock);

    SECTION("without a time the entry is stamped with the current UTC time") {
        adva::appraisal n = unlocked_model();
        adva::lock(n, "Options board");
        const std::string& t = n.governance.audit[0].at;
        REQUIRE(t.size() == 20);
        CHECK(t[4] == '-');
        CHECK(t[10] == 'T');
        CHECK(t.back() == 'Z');
    }
}

TEST_CASE("lock refusals", "[governance]") {
    adva::appraisal m = unlocked_model();

    SECTION("a lock after a lock") {
        adva::lock(m, at("2026-03-01T12:00:00Z"));
        REQUIRE_THROWS_MATCHES(adva::lock(m, "Options board"), adva::stage_error,
                               Catch::Message("[adva.governance.locked] /governance/locked: the framing is already "
                                              "locked; reopen it with a reason before locking again (seen: true)"));
        CHECK(m.governance.audit.size() == 1);
    }
    SECTION("a lock after setting locked: false by hand") {
        adva::lock(m, at("2026-03-01T12:00:00Z"));
        m.governance.locked = false;
        m.criteria[2].weight = 45.0;
        CHECK_THROWS_AS(adva::lock(m, at("2026-03-02T12:00:00Z")), adva::stage_error);
        CHECK(m.governance.audit.size() == 1);
    }
    SECTION("a lock dated before the last entry") {
        adva::lock(m, at("2026-03-01T12:00:00Z"));
        adva::reopen(m, "new evidence", at("2026-03-05T12:00:00Z"));
        REQUIRE_THROWS_MATCHES(adva::lock(m, at("2016-06-01T10:00:00Z")), adva::stage_error,
                               Catch::Message("[adva.governance.backdated] --at: an entry cannot be dated before the "
                                              "last entry of the record (2026-03-05T12:00:00Z) (seen: "
                                              "\"2016-06-01T10:00:00Z\")"));
        CHECK(m.governance.audit.size() == 2);
    }
    SECTION("a time that is not a UTC time") {
        for (const std::string bad : {"2026-03-01", "2026-02-30T10:00:00Z", "2026-03-01T12:00:00+01:00",
                                      "2026-13-01T12:00:00Z", "yesterday"})
            CHECK_THROWS_MATCHES(adva::lock(m, at(bad)), adva::invalid_input,
                                 Catch::Predicate<adva::invalid_input>(
                                     [](const auto& e) { return e.id() == "adva.governance.time"; }));
    }
    SECTION("a framing without weights") {
        for (auto& f : m.functions)
            for (auto& q : f.questions) q.answers.clear();
        for (auto& c : m.criteria) c.weight.reset();
        CHECK_THROWS_MATCHES(adva::lock(m, "Options board"), adva::stage_error,
                             Catch::Predicate<adva::stage_error>(
                                 [](const auto& e) { return e.id() == "adva.governance.no_weights"; }));
    }
    SECTION("direct weights only, unless asked for") {
        for (auto& f : m.functions)
            for (auto& q : f.questions) q.answers.clear();
        for (auto& c : m.criteria) c.weight = 1.0;
        CHECK_THROWS_MATCHES(adva::lock(m, "Options board"), adva::stage_error,
                             Catch::Predicate<adva::stage_error>(
                                 [](const auto& e) { return e.id() == "adva.governance.no_weights"; }));
        adva::record_request r = at("2026-03-01T12:00:00Z");
        r.direct_weights = true;
        adva::lock(m, r);
        CHECK(m.governance.audit[0].reason == "weights set directly on the criteria, not from answers");
    }
    SECTION("nobody named") {
        for (const std::string who : {"", "  "})
            CHECK_THROWS_MATCHES(adva::lock(m, who), adva::stage_error,
                                 Catch::Predicate<adva::stage_error>(
                                     [](const auto& e) { return e.id() == "adva.governance.who_required"; }));
        CHECK(m.governance == adva::governance{});
    }
    SECTION("a signing key that is not one leaves the model as it was") {
        adva::record_request r = at("2026-03-01T12:00:00Z");
        r.signing_key = "-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n";
        const adva::appraisal before = m;
        CHECK_THROWS_MATCHES(adva::lock(m, r), adva::invalid_input,
                             Catch::Predicate<adva::invalid_input>(
                                 [](const auto& e) { return e.id() == "adva.governance.key" && e.where() == "--sign"; }));
        CHECK(m == before);
    }
    SECTION("an invalid model") {
        m.criteria[2].weight = -1.0;
        REQUIRE_THROWS_MATCHES(adva::lock(m, "Options board"), adva::invalid_input,
                               Catch::Message("[adva.model.negative_weight] /criteria/2/weight: weights must be at "
                                              "least 0 (seen: -1)"));
        CHECK_FALSE(m.governance.locked);
    }
    SECTION("a broken record") {
        adva::lock(m, at("2026-03-01T12:00:00Z"));
        adva::reopen(m, "new evidence", at("2026-03-05T12:00:00Z"));
        m.governance.audit[0].by = "someone else";  // the chain no longer links
        CHECK_THROWS_MATCHES(adva::lock(m, at("2026-03-06T12:00:00Z")), adva::integrity_error,
                             Catch::Predicate<adva::integrity_error>(
                                 [](const auto& e) { return e.id() == "adva.governance.integrity"; }));
    }
}

TEST_CASE("reopen needs a locked, unchanged framing and a reason", "[governance]") {
    adva::appraisal m = unlocked_model();
    REQUIRE_THROWS_MATCHES(adva::reopen(m, "new evidence", "Options board"), adva::stage_error,
                           Catch::Message("[adva.governance.not_locked] /governance/locked: only a locked framing can "
                                          "be reopened (seen: false)"));
    adva::lock(m, at("2026-03-01T12:00:00Z"));
    for (const std::string reason : {"", "   ", "\n\t"})
        REQUIRE_THROWS_MATCHES(adva::reopen(m, reason, "Options board"), adva::stage_error,
                               Catch::Message("[adva.governance.reason_required] reason: reopening the framing needs a "
                                              "reason (it is recorded in the audit trail)"));
    // A change made while locked is not legalised by reopening.
    adva::appraisal edited = m;
    edited.criteria[2].weight = 45.0;
    REQUIRE_THROWS_AS(adva::reopen(edited, "tidy up", "Options board"), adva::integrity_error);
    CHECK(edited.governance.audit.size() == 1);

    const std::string digest = m.governance.framing_digest;
    adva::reopen(m, "Cabinet asked to add a criterion", at("2026-04-01T09:00:00Z", "Chief Executive"));
    CHECK_FALSE(m.governance.locked);
    CHECK(m.governance.framing.empty());
    REQUIRE(m.governance.audit.size() == 2);
    const auto& e = m.governance.audit[1];
    CHECK(e.action == "reopen");
    CHECK(e.reason == "Cabinet asked to add a criterion");
    CHECK(e.digest == digest);
    CHECK(e.previous == adva::entry_hash(m.governance.audit[0]));
    const auto s = adva::check_governance(m);
    CHECK(s.state() == "reopened");
    CHECK(s.reopen_reason == "Cabinet asked to add a criterion");
    CHECK(s.revisions == 1);
    CHECK_FALSE(s.verified());
    CHECK(kinds(s) == std::vector<std::string>{"not_locked"});
}

TEST_CASE("score changes after lock go on the record, old → new", "[governance]") {
    adva::appraisal m = locked_and_scored();
    REQUIRE(m.governance.audit.size() == 2);
    const auto& e = m.governance.audit[1];
    CHECK(e.action == "score");
    CHECK(e.reason == "scoring workshop");
    REQUIRE(e.changes.size() == 2);
    CHECK_FALSE(e.changes[0].before.has_value());
    CHECK(e.changes[0].after.value == 55.0);
    CHECK(m.options[0].scores.at("C1").rationale == "scoring workshop");
    CHECK(e.scores_digest == adva::scores_digest(m));

    adva::record_score(m, "O1", "C1", {.value = 60.0}, "new inspection letter", at("2026-03-12T12:00:00Z", "Analyst"));
    const auto& change = m.governance.audit.back().changes.at(0);
    REQUIRE(change.before.has_value());
    CHECK(change.before->value == 55.0);
    CHECK(change.after.value == 60.0);
    CHECK(m.governance.audit.back().by == "Analyst");
    const auto s = adva::check_governance(m);
    CHECK(s.verified(true));
    CHECK(s.score_changes_recorded == 3);

    SECTION("refusals leave the model as it was") {
        const adva::appraisal before = m;
        auto refused = [&](auto call, const std::string& id) {
            bool matched = false;
            try {
                call();
            } catch (const adva::error& x) {
                matched = x.id() == id;
            }
            CHECK(matched);
            CHECK(m == before);
        };
        const auto t = at("2026-03-20T12:00:00Z");
        refused([&] { adva::record_score(m, "O9", "C1", {.value = 1.0}, "why", t); }, "adva.model.unknown_id");
        refused([&] { adva::record_score(m, "O1", "C9", {.value = 1.0}, "why", t); }, "adva.model.unknown_id");
        refused([&] { adva::record_score(m, "O1", "SF", {.value = 1.0}, "why", t); }, "adva.model.score_on_interior");
        refused([&] { adva::record_score(m, "O1", "C1", {.value = 1.0}, " ", t); }, "adva.governance.reason_required");
        refused([&] { adva::record_score(m, "O1", "C1", {.value = 130.0}, "why", t); }, "adva.model.out_of_scale");
        refused([&] { adva::record_scores(m, {}, "why", t); }, "adva.governance.no_change");
        refused([&] { adva::record_scores(m, {{"O1", "C1", {.value = 1.0}}, {"O1", "C1", {.value = 2.0}}}, "why", t); },
                "adva.governance.no_change");
        refused([&] { adva::record_score(m, "O1", "C1", {.value = 1.0}, "why", at("2026-03-01T00:00:00Z")); },
                "adva.governance.backdated");
    }
    SECTION("not before the lock") {
        adva::appraisal open = unlocked_model();
        CHECK_THROWS_AS(adva::record_score(open, "O1", "C1", {.value = 1.0}, "why", {}), adva::stage_error);
    }
}

TEST_CASE("the lawful path: lock, score, reopen with a reason, edit, lock again", "[governance]") {
    adva::appraisal m = locked_and_scored();
    adva::reopen(m, "Cabinet asked for a new criterion", at("2026-04-01T09:00:00Z"));
    m.criteria[2].weight = 45.0;
    adva::lock(m, at("2026-04-02T09:00:00Z"));
    const auto s = adva::check_governance(m);
    CHECK(s.verified(true));
    CHECK(s.state() == "locked");
    CHECK(s.revisions == 1);
    CHECK(s.weights_revised_after_scoring == 1);
    CHECK_FALSE(s.scored_before_lock);  // scores came after the first lock
    CHECK(std::find(s.warnings.begin(), s.warnings.end(), "weights revised after scoring: 1") != s.warnings.end());
}

TEST_CASE("check_edit: the record changes only through its operations, a locked framing not at all", "[governance]") {
    const adva::appraisal current = locked_and_scored();
    adva::appraisal edited = current;

    SECTION("scores may change while locked (verify reports them outside the record)") {
        edited.options[0].scores["C1"] = {.value = 70.0};
        CHECK_NOTHROW(adva::check_edit(current, edited));
    }
    SECTION("a framing change while locked") {
        edited.criteria[2].weight = 45.0;
        REQUIRE_THROWS_MATCHES(adva::check_edit(current, edited), adva::stage_error,
                               Catch::Message("[adva.stage.locked] /governance/locked: the framing is locked: reopen it "
                                              "with a reason before changing it"));
    }
    SECTION("the same change once reopened") {
        adva::appraisal reopened = current;
        adva::reopen(reopened, "new evidence", at("2026-04-01T09:00:00Z"));
        adva::appraisal changed = reopened;
        changed.criteria[2].weight = 45.0;
        CHECK_NOTHROW(adva::check_edit(reopened, changed));
    }
    SECTION("any edit of the record itself, locked or not") {
        edited.governance.locked = false;
        REQUIRE_THROWS_MATCHES(adva::check_edit(current, edited), adva::stage_error,
                               Catch::Message("[adva.stage.governance_edit] /governance: the governance record changes "
                                              "only through lock, reopen and score"));
        adva::appraisal open = unlocked_model(), forged = open;
        forged.governance.audit.push_back({.action = "lock", .at = "2026-03-01T12:00:00Z", .by = "nobody"});
        CHECK_THROWS_AS(adva::check_edit(open, forged), adva::stage_error);
    }
}

TEST_CASE("the record survives save and load byte for byte", "[governance]") {
    adva::appraisal m = locked_and_scored();
    const auto file = std::filesystem::temp_directory_path() / ("adva_governance_" + std::to_string(::getpid()) + ".json");
    adva::io::save_model(m, file);
    const adva::appraisal back = adva::io::load_model(file);
    std::filesystem::remove(file);
    CHECK(back == m);
    CHECK(adva::check_governance(back).verified(true));
    // Indentation does not matter: the copy of the framing is read back to its canonical text.
    CHECK(adva::check_governance(adva::io::parse_model(adva::io::model_to_json(m).dump(4))).verified(true));
}

// --- what verify finds ----------------------------------------------------------------------------

TEST_CASE("verify names each change to the framing after lock", "[governance]") {
    adva::appraisal m = locked_and_scored();
    m.criteria[2].weight = 45.0;                                   // criteria/C1/weight
    m.options[1].attributes["independent"] = true;                 // a gated attribute
    m.functions[0].questions[0].answers[1].swing["SF"] = 90.0;     // staff's answer
    m.gates.pop_back();                                            // G4 removed
    const auto s = adva::check_governance(m);
    CHECK(s.state() == "modified after lock");
    CHECK_FALSE(s.verified());
    std::vector<std::string> messages;
    for (const auto& f : s.findings)
        if (f.kind == "framing_changed") messages.push_back(f.message);
    CHECK(messages == std::vector<std::string>{
                          "changed after lock: criteria/C1/weight: 40 \u2192 45",
                          "changed after lock: functions/F1/questions/Q1/answers/staff/swing/SF: 80 \u2192 90",
                          "changed after lock: gates/G4: removed",
                          // G4 read staff_transfer: with G4 gone the attribute is no longer framing.
                          "changed after lock: options/O1/gated_attributes/staff_transfer: removed (was 0)",
                          "changed after lock: options/O2/gated_attributes/independent: added (true)"});
    CHECK(find(s, "framing_changed")->where == "criteria/C1/weight");
}

TEST_CASE("verify finds every kind of tampering with the record", "[governance]") {
    const adva::appraisal lawful = locked_and_scored();
    REQUIRE(adva::check_governance(lawful).verified(true));
    adva::appraisal m = lawful;

    SECTION("locked: false set by hand") {
        m.governance.locked = false;
        const auto s = adva::check_governance(m);
        CHECK(has(s, "locked_flag"));
        CHECK_FALSE(s.verified());
    }
    SECTION("locked: true set by hand after a reopen") {
        adva::reopen(m, "why", at("2026-04-01T00:00:00Z"));
        m.governance.locked = true;
        CHECK(has(adva::check_governance(m), "locked_flag"));
    }
    SECTION("the recorded digest replaced by the current one") {
        m.criteria[2].weight = 45.0;
        m.governance.framing_digest = adva::framing_digest(m);
        const auto s = adva::check_governance(m);
        CHECK(has(s, "digest_mismatch"));
        CHECK(has(s, "framing_changed"));
    }
    SECTION("the copy of the framing edited with the framing") {
        m.criteria[2].weight = 45.0;
        m.governance.framing = adva::io::framing_to_json(m).dump();
        const auto s = adva::check_governance(m);
        CHECK(has(s, "snapshot_mismatch"));
        CHECK(has(s, "framing_changed"));
    }
    SECTION("every digest re-forged, but not the chain") {
        m.criteria[2].weight = 45.0;
        const std::string d = adva::framing_digest(m);
        m.governance.framing_digest = d;
        m.governance.framing = adva::io::framing_to_json(m).dump();
        for (auto& e : m.governance.audit) e.digest = d;
        CHECK(has(adva::check_governance(m), "chain_broken"));
    }
    SECTION("an entry edited") {
        m.governance.audit[0].by = "someone else";
        const auto s = adva::check_governance(m);
        CHECK(has(s, "chain_broken"));
        CHECK(find(s, "chain_broken")->where == "/governance/audit/1/previous");
    }
    SECTION("an entry removed") {
        m.governance.audit.erase(m.governance.audit.begin());
        CHECK(has(adva::check_governance(m), "chain_broken"));
    }
    SECTION("entries reordered") {
        std::swap(m.governance.audit[0], m.governance.audit[1]);
        const auto s = adva::check_governance(m);
        CHECK(has(s, "chain_broken"));
        CHECK(has(s, "chain_order"));
    }
    SECTION("an entry added by hand, even with the right previous hash") {
        adva::audit_entry forged = m.governance.audit[0];  // a second lock
        forged.at = "2026-03-11T00:00:00Z";
        forged.previous = adva::entry_hash(m.governance.audit.back());
        m.governance.audit.push_back(forged);
        const auto s = adva::check_governance(m);
        CHECK(has(s, "chain_order"));
        CHECK_FALSE(s.verified());
    }
    SECTION("a reopen added by hand that releases another digest") {
        adva::audit_entry forged{.action = "reopen", .at = "2026-04-01T00:00:00Z", .reason = "x", .digest = "abc",
                                 .scores_digest = adva::scores_digest(m)};
        forged.previous = adva::entry_hash(m.governance.audit.back());
        m.governance.audit.push_back(forged);
        m.governance.locked = false;
        CHECK(has(adva::check_governance(m), "reopen_digest"));
    }
    SECTION("a score entry while open, and one that records nothing") {
        adva::reopen(m, "why", at("2026-04-01T00:00:00Z"));
        adva::audit_entry forged{.action = "score", .at = "2026-04-02T00:00:00Z", .scores_digest = "x"};
        forged.previous = adva::entry_hash(m.governance.audit.back());
        m.governance.audit.push_back(forged);
        const auto s = adva::check_governance(m);
        CHECK(has(s, "chain_order"));
        CHECK(find(s, "chain_order")->where == "/governance/audit/3/action");
    }
    SECTION("a backdated entry") {
        m.governance.audit[1].at = "2016-06-01T10:00:00Z";
        CHECK(kinds(adva::check_governance(m)) == std::vector<std::string>{"time_order"});
        // Editing an entry that has a successor breaks the link too; the last entry is anchored
        // only by a signature (docs/decision-record.md).
        m = lawful;
        m.governance.audit[0].at = "2026-02-01T10:00:00Z";
        CHECK(kinds(adva::check_governance(m)) == std::vector<std::string>{"chain_broken"});
    }
    SECTION("an entry without a valid time") {
        m.governance.audit[0].at = "last Tuesday";
        CHECK(has(adva::check_governance(m), "time_order"));
    }
    SECTION("an entry without a scores digest (an old or hand-written record)") {
        m.governance.audit[0].scores_digest.clear();
        CHECK(has(adva::check_governance(m), "chain_broken"));
    }
    SECTION("scores changed outside the record: a warning, a failure when strict") {
        m.options[0].scores["C1"].value = 99.0;
        const auto s = adva::check_governance(m);
        REQUIRE(has(s, "scores_outside_record"));
        CHECK_FALSE(find(s, "scores_outside_record")->failure);
        CHECK(s.verified());
        CHECK_FALSE(s.verified(true));
        CHECK_THROWS_AS(adva::require_verified(s, true), adva::integrity_error);
        CHECK_NOTHROW(adva::require_verified(s, false));
        // And it stays on the record after a later recorded change.
        adva::record_score(m, "O2", "C1", {.value = 10.0}, "why", at("2026-03-12T00:00:00Z"));
        CHECK(has(adva::check_governance(m), "scores_outside_record"));
    }
    SECTION("never locked") {
        const auto s = adva::check_governance(unlocked_model());
        CHECK(kinds(s) == std::vector<std::string>{"not_locked"});
        CHECK(s.state() == "unlocked");
    }
}

TEST_CASE("a model re-forged from scratch verifies alone but not against its published digest", "[governance]") {
    const adva::appraisal original = locked_and_scored();
    const std::string published = original.governance.framing_digest;
    adva::appraisal forged = original;
    forged.governance = {};
    forged.criteria[2].weight = 45.0;
    adva::lock(forged, at("2026-03-01T12:00:00Z"));
    CHECK(adva::check_governance(forged).verified());
    const auto s = adva::verify(forged, {.digest = published});
    CHECK(kinds(s) == std::vector<std::string>{"published_digest"});
    CHECK_FALSE(s.verified());
    // A published digest that is not one is refused, not compared.
    for (const std::string& bad : std::vector<std::string>{"abc", published + "0", std::string(64, 'g')})
        CHECK_THROWS_MATCHES(adva::verify(original, {.digest = bad}), adva::invalid_input,
                             Catch::Predicate<adva::invalid_input>(
                                 [](const auto& e) { return e.id() == "adva.governance.digest_format"; }));
    // The original does verify against it, whatever the case of the hex digits.
    std::string upper = published;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    CHECK(adva::verify(original, {.digest = upper}).verified());
}

TEST_CASE("signed entries: the right key verifies, a missing or wrong signature fails", "[governance]") {
    adva::appraisal m = unlocked_model();
    adva::record_request r = at("2026-03-01T12:00:00Z");
    r.signing_key = key_a;
    adva::lock(m, r);
    const auto& e = m.governance.audit[0];
    CHECK(e.signature.size() == 88);
    CHECK(is_hex_sha256(e.key));

    CHECK(adva::verify(m, {.public_key = pub_a}).verified(true));
    CHECK(has(adva::verify(m, {.public_key = pub_b}), "signature_invalid"));
    // Without a key signatures are not checked.
    CHECK(adva::check_governance(m).verified(true));

    SECTION("a signature altered") {
        m.governance.audit[0].signature[10] = m.governance.audit[0].signature[10] == 'A' ? 'B' : 'A';
        CHECK(has(adva::verify(m, {.public_key = pub_a}), "signature_invalid"));
    }
    SECTION("an unsigned entry") {
        adva::record_score(m, "O1", "C1", {.value = 50.0}, "why", at("2026-03-02T12:00:00Z"));
        const auto s = adva::verify(m, {.public_key = pub_a});
        CHECK(kinds(s) == std::vector<std::string>{"signature_missing"});
        CHECK(find(s, "signature_missing")->where == "/governance/audit/1/signature");
    }
    SECTION("keys that are not Ed25519 PEM are refused") {
        CHECK_THROWS_MATCHES(adva::verify(m, {.public_key = "not a key"}), adva::invalid_input,
                             Catch::Predicate<adva::invalid_input>(
                                 [](const auto& x) { return x.id() == "adva.governance.key" && x.where() == "--pubkey"; }));
        adva::record_request bad = at("2026-03-03T12:00:00Z");
        bad.signing_key = pub_a;  // a public key cannot sign
        CHECK_THROWS_AS(adva::reopen(m, "why", bad), adva::invalid_input);
    }
}

TEST_CASE("relative scales with locked weights, scoring before lock, imputed weights", "[governance]") {
    adva::appraisal m = unlocked_model();  // C2 is on a relative scale
    m.options[0].scores["C1"] = {.value = 60.0};
    auto s = adva::check_governance(m);
    CHECK(s.scored_before_lock);
    CHECK(std::find(s.warnings.begin(), s.warnings.end(),
                    "options are scored but the framing is not locked: weights set after seeing the options are "
                    "not function before form") != s.warnings.end());

    adva::lock(m, at("2026-03-01T12:00:00Z"));
    s = adva::check_governance(m);
    CHECK(s.scored_before_lock);  // scored before the first lock: stays on the record
    CHECK(m.governance.audit[0].after_scoring);
    CHECK(std::find(s.warnings.begin(), s.warnings.end(),
                    "criterion 'C2' uses a relative scale with locked weights: what its 0 and 100 mean depends on "
                    "the options, so the weight was set without knowing the swing (prefer a fixed, anchored "
                    "scale)") != s.warnings.end());

    // Only SF and VFM are weighted by answers: the groups' weights of C1–C5 are the direct weights.
    CHECK(s.imputations == std::vector<std::string>{
                               "group 'members' gave no swing for C1, C2, C3, C4, C5: the criteria's direct weights are used",
                               "group 'staff' gave no swing for C1, C2, C3, C4, C5: the criteria's direct weights are used"});
}
