// The function-before-form guard: lock records the framing digest and an audit entry; reopening
// needs a reason and counts revisions after scoring; edits after lock are detected; the digest is
// stable across save/load; warnings for relative scales, scoring before lock and changed framing.
#include <catch2/catch.hpp>

#include <filesystem>

#include "adva/error.hpp"
#include "adva/io/model_json.hpp"
#include "io_fixture.hpp"

namespace {

// The rich fixture with its framing open and no scores: the state before `lock`.
adva::appraisal unlocked_model() {
    adva::appraisal m = adva::io::parse_model(adva_test::rich_model_text);
    m.governance = {};
    for (auto& o : m.options) o.scores.clear();
    return m;
}

bool is_hex_sha256(const std::string& s) {
    return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

TEST_CASE("framing_digest is the SHA-256 of the canonical framing JSON", "[governance]") {
    adva::appraisal m;
    // Known answer: SHA-256 of the canonical framing of an empty model, computed independently
    // (printf '%s' "$json" | sha256sum) from the framing text below.
    const std::string framing = adva::io::framing_to_json(m).dump();
    CHECK(framing ==
          R"({"attributes":[],"consensus":{"method":"arithmetic_mean"},"context":{"currency":"GBP","discount_rate":0.035,)"
          R"("discount_schedule":"constant","horizon_years":10},"criteria":[],"functions":[],"gates":[],"stakeholder_groups":[]})");
    CHECK(adva::framing_digest(m) == "9faddab0a4ea06fb793fbe072bc99ba627a3239efbe2de799f4d1cffbd4e6e90");
}

TEST_CASE("the framing digest covers the framing and nothing else", "[governance]") {
    const adva::appraisal m = unlocked_model();
    const std::string d = adva::framing_digest(m);
    CHECK(is_hex_sha256(d));
    CHECK(adva::framing_digest(m) == d);

    adva::appraisal changed = m;
    changed.criteria[2].weight = 41.0;
    CHECK(adva::framing_digest(changed) != d);
    changed = m;
    changed.functions[0].questions[0].answers[0].swing["VFM"] = 61.0;
    CHECK(adva::framing_digest(changed) != d);
    changed = m;
    changed.gates[1].threshold = 41.0;
    CHECK(adva::framing_digest(changed) != d);
    changed = m;
    changed.context.discount_rate = 0.03;
    CHECK(adva::framing_digest(changed) != d);

    // Options, their scores and costs, and the governance record are not framing.
    changed = m;
    changed.options[0].scores["C1"] = {.value = 80.0};
    changed.options[1].costs.push_back({.name = "x", .amount = 1.0});
    changed.governance.audit.push_back({.action = "lock"});
    CHECK(adva::framing_digest(changed) == d);
}

TEST_CASE("lock records the digest and an audit entry", "[governance]") {
    adva::appraisal m = unlocked_model();
    adva::lock(m, "Director of Children's Services", "2026-03-01T12:00:00Z");
    CHECK(m.governance.locked);
    CHECK(m.governance.framing_digest == adva::framing_digest(m));
    REQUIRE(m.governance.audit.size() == 1);
    const auto& entry = m.governance.audit[0];
    CHECK(entry.action == "lock");
    CHECK(entry.by == "Director of Children's Services");
    CHECK(entry.at == "2026-03-01T12:00:00Z");
    CHECK(entry.digest == m.governance.framing_digest);
    CHECK_FALSE(entry.after_scoring);

    const auto status = adva::check_governance(m);
    CHECK(status.locked);
    CHECK(status.digest_matches);
    CHECK(status.state() == "locked");
    CHECK(status.weights_revised_after_scoring == 0);
    CHECK_FALSE(status.scored_before_lock);

    SECTION("without a time the lock is stamped with the current UTC time") {
        adva::appraisal n = unlocked_model();
        adva::lock(n);
        const std::string& at = n.governance.audit[0].at;
        REQUIRE(at.size() == 20);
        CHECK(at[4] == '-');
        CHECK(at[10] == 'T');
        CHECK(at.back() == 'Z');
    }
}

TEST_CASE("locking twice is a stage_error", "[governance]") {
    adva::appraisal m = unlocked_model();
    adva::lock(m);
    REQUIRE_THROWS_MATCHES(adva::lock(m), adva::stage_error,
                           Catch::Message("[adva.governance.locked] /governance/locked: the framing is already locked; "
                                          "reopen it with a reason before locking again (seen: true)"));
    CHECK(m.governance.audit.size() == 1);
}

TEST_CASE("lock validates the model first", "[governance]") {
    adva::appraisal m = unlocked_model();
    m.criteria[2].weight = -1.0;
    REQUIRE_THROWS_MATCHES(adva::lock(m), adva::invalid_input,
                           Catch::Message("[adva.model.negative_weight] /criteria/2/weight: weights must be at least 0 "
                                          "(seen: -1)"));
    CHECK_FALSE(m.governance.locked);
    CHECK(m.governance.audit.empty());
}

TEST_CASE("reopen needs a locked framing and a reason", "[governance]") {
    adva::appraisal m = unlocked_model();
    REQUIRE_THROWS_MATCHES(adva::reopen(m, "new evidence"), adva::stage_error,
                           Catch::Message("[adva.governance.not_locked] /governance/locked: only a locked framing can "
                                          "be reopened (seen: false)"));
    adva::lock(m);
    for (const std::string reason : {"", "   ", "\n\t"}) {
        REQUIRE_THROWS_MATCHES(adva::reopen(m, reason), adva::stage_error,
                               Catch::Message("[adva.governance.reason_required] reason: reopening the framing needs a "
                                              "reason (it is recorded in the audit trail)"));
    }
    CHECK(m.governance.locked);

    const std::string digest = m.governance.framing_digest;
    adva::reopen(m, "Cabinet asked to add a criterion", "Chief Executive", "2026-04-01T09:00:00Z");
    CHECK_FALSE(m.governance.locked);
    REQUIRE(m.governance.audit.size() == 2);
    const auto& entry = m.governance.audit[1];
    CHECK(entry.action == "reopen");
    CHECK(entry.reason == "Cabinet asked to add a criterion");
    CHECK(entry.by == "Chief Executive");
    CHECK(entry.digest == digest);
    CHECK_FALSE(entry.after_scoring);  // no scores yet
    CHECK(adva::check_governance(m).weights_revised_after_scoring == 0);
    CHECK(adva::check_governance(m).state() == "unlocked");
}

TEST_CASE("reopening after scoring counts as a weight revision after scoring", "[governance]") {
    adva::appraisal m = unlocked_model();
    adva::lock(m);
    m.options[0].scores["C1"] = {.value = 60.0};
    adva::reopen(m, "Members revisited the weights");
    CHECK(m.governance.audit.back().after_scoring);
    auto status = adva::check_governance(m);
    CHECK(status.weights_revised_after_scoring == 1);
    CHECK(status.scored_before_lock);  // open framing with scores on the table

    m.functions[0].questions[0].answers[0].swing["VFM"] = 90.0;
    adva::lock(m);
    adva::reopen(m, "Second revision");
    adva::lock(m);
    status = adva::check_governance(m);
    CHECK(status.weights_revised_after_scoring == 2);
    CHECK(status.digest_matches);
    CHECK(status.state() == "locked");
    CHECK(std::find(status.warnings.begin(), status.warnings.end(), "weights revised after scoring: 2") !=
          status.warnings.end());
}

TEST_CASE("editing a weight after lock is reported as modified after lock", "[governance]") {
    adva::appraisal m = unlocked_model();
    adva::lock(m);
    m.criteria[2].weight = 45.0;
    const auto status = adva::check_governance(m);
    CHECK(status.locked);
    CHECK_FALSE(status.digest_matches);
    CHECK(status.state() == "modified after lock");
    CHECK(status.current_digest == adva::framing_digest(m));
    CHECK(status.recorded_digest == m.governance.framing_digest);
    REQUIRE_FALSE(status.warnings.empty());
    CHECK(status.warnings[0] == "the framing has changed since it was locked (recorded digest " +
                                    status.recorded_digest.substr(0, 12) + ", now " +
                                    status.current_digest.substr(0, 12) +
                                    "): reopen it with a reason and lock it again");
}

TEST_CASE("the digest is stable across save and load", "[governance]") {
    adva::appraisal m = unlocked_model();
    adva::lock(m, "Director", "2026-03-01T12:00:00Z");
    const auto file = std::filesystem::temp_directory_path() / ("adva_governance_" + std::to_string(::getpid()) + ".json");
    adva::io::save_model(m, file);
    const adva::appraisal back = adva::io::load_model(file);
    std::filesystem::remove(file);
    CHECK(back == m);
    CHECK(adva::framing_digest(back) == m.governance.framing_digest);
    CHECK(adva::check_governance(back).state() == "locked");
    // And across a text round trip of the framing itself.
    CHECK(adva::framing_digest(adva::io::parse_model(adva::io::model_to_json(m).dump(4))) ==
          m.governance.framing_digest);
}

TEST_CASE("warnings: relative scales with locked weights, scoring before lock", "[governance]") {
    adva::appraisal m = unlocked_model();   // C2 is on a relative scale
    auto status = adva::check_governance(m);
    CHECK(status.warnings.empty());         // open framing, nothing scored: nothing to warn about

    m.options[0].scores["C1"] = {.value = 60.0};
    status = adva::check_governance(m);
    CHECK(status.scored_before_lock);
    CHECK(status.warnings == std::vector<std::string>{
                                 "options are scored but the framing is not locked: weights set after seeing the "
                                 "options are not function before form"});

    adva::lock(m);
    status = adva::check_governance(m);
    CHECK_FALSE(status.scored_before_lock);
    CHECK(status.warnings == std::vector<std::string>{
                                 "criterion 'C2' uses a relative scale with locked weights: what its 0 and 100 mean "
                                 "depends on the options, so the weight was set without knowing the swing (prefer a "
                                 "fixed, anchored scale)"});

    adva::appraisal fixed = unlocked_model();
    fixed.criteria[3].scale = adva::scale_type::fixed;
    adva::lock(fixed);
    CHECK(adva::check_governance(fixed).warnings.empty());
}
