// The batch runner: the fast path agrees with independent computations (appraise() on an edited
// model, the one-way sensitivity lines), generators decode lazily and exactly, the sink sees every
// scenario once in index order on any thread count, and failing scenarios become error results.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <set>

#include "adva/io/model_json.hpp"
#include "adva/io/scenario_json.hpp"
#include "adva/scenario/results_jsonl.hpp"
#include "adva/scenario/runner.hpp"

namespace {

adva::scenario_source source_from(const std::string& text) { return adva::io::parse_scenarios(text, "."); }

std::vector<adva::scenario_result> run_all(const adva::scenario_source& s, int threads = 2, std::size_t chunk = 7) {
    std::vector<adva::scenario_result> out;
    adva::batch_options o;
    o.threads = threads;
    o.chunk_size = chunk;
    adva::run_batch(s, o, [&](const adva::batch_chunk& c) { out.insert(out.end(), c.results.begin(), c.results.end()); });
    return out;
}

void require_same_ranking(const adva::scenario_result& r, const std::vector<adva::ranked_option>& expected) {
    REQUIRE(r.status == adva::scenario_status::ok);
    REQUIRE(r.ranking.size() == expected.size());
    for (std::size_t k = 0; k < expected.size(); ++k) {
        CHECK(r.ranking[k].option == expected[k].option);
        CHECK(r.ranking[k].rank == expected[k].rank);
        CHECK(r.ranking[k].total == Approx(expected[k].total).margin(1e-9));
    }
}

}  // namespace

TEST_CASE("weight sweep totals follow the one-way sensitivity lines") {
    const auto src = source_from(R"({"adva_scenarios": 1, "model": {"builtin": "default"},
        "generators": [{"id": "w", "kind": "weight_sweep", "nodes": ["SF", "VFM_overheads", "ACH_staff"],
                        "percent": [-100, -40, 0, 35, 80]}]})");
    REQUIRE(src.count() == 15);
    const auto& model = *src.base;
    const auto base = adva::appraise(model);
    const auto results = run_all(src);
    REQUIRE(results.size() == 15);
    const char* nodes[] = {"SF", "VFM_overheads", "ACH_staff"};
    const double percents[] = {-100, -40, 0, 35, 80};
    for (std::size_t n = 0; n < 3; ++n) {
        const auto sens = adva::one_way_sensitivity(model, base, nodes[n]);
        for (std::size_t p = 0; p < 5; ++p) {
            const auto& r = results[n * 5 + p];
            INFO(r.id << " " << r.label);
            REQUIRE(r.status == adva::scenario_status::ok);
            const double x = sens.weight * (1 + percents[p] / 100);
            // Options shortlisted in both the base and the scenario lie on their sensitivity line.
            for (const auto& o : r.ranking)
                for (const auto& line : sens.lines)
                    if (line.option == o.option) CHECK(o.total == Approx(line.at(x)).margin(1e-9));
        }
    }
    CHECK(results[2].ranking.front().option == base.ranking.front().option);  // 0% is the base
}

TEST_CASE("the fast path agrees with appraise_with_weights on every scenario of a product") {
    // Requesting sensitivity forces the full path; the rank-only twin takes the fast path.
    const std::string gens = R"("generators": [{"id": "p", "kind": "product", "of": [
        {"kind": "stakeholders"},
        {"kind": "weight_grid", "axes": [{"node": "ACH_time", "percent": [-100, 0, 150]}, {"node": "CAP_agency", "percent": [-50, 25]}]},
        {"kind": "score_sweep", "option": "O6", "criterion": "ACH_time", "values": [6, 30, 40]}]}])";
    const auto fast = source_from(R"({"adva_scenarios": 1, "model": {"builtin": "default"}, )" + gens + "}");
    const auto full = source_from(R"({"adva_scenarios": 1, "model": {"builtin": "default"},
        "analyses": {"sensitivity": {"nodes": ["SF"]}}, )" + gens + "}");
    REQUIRE(fast.count() == 7 * 3 * 2 * 3);
    const auto a = run_all(fast), b = run_all(full, 1, 64);
    REQUIRE(a.size() == b.size());
    std::size_t screened_differently = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        INFO(a[i].id << " " << a[i].label);
        REQUIRE(a[i].id == b[i].id);
        REQUIRE(a[i].status == b[i].status);
        if (a[i].status == adva::scenario_status::error) {
            CHECK(a[i].error_id == b[i].error_id);
            continue;
        }
        CHECK(a[i].discounted == b[i].discounted);
        require_same_ranking(a[i], b[i].ranking);
        screened_differently += a[i].discounted.size() != a.front().discounted.size();
    }
    // The score sweep moves O6's ACH_time, under ACH, which a threshold gate (G3) reads: screening
    // must move with it somewhere. The weights (stakeholder views, the grid) never move it: G3 reads
    // ACH under the consensus weights.
    CHECK(screened_differently > 0);
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (a[i].status == adva::scenario_status::ok && a[j].status == adva::scenario_status::ok && i % 3 == j % 3)
                CHECK(a[i].discounted == a[j].discounted);
}

TEST_CASE("stakeholder, score and patch scenarios equal appraise() on the edited model") {
    const auto src = source_from(R"({"adva_scenarios": 1, "model": {"builtin": "default"},
        "scenarios": [
          {"id": "staff", "group": "staff"},
          {"id": "o1", "scores": [{"option": "O1", "criterion": "SF_practice", "value": 95}]},
          {"id": "patched", "patch": {"context": {"discount_rate": 0.05}, "consensus": {"method": "geometric_mean"}}}
        ]})");
    const auto r = run_all(src, 1);
    REQUIRE(r.size() == 3);
    auto model = *src.base;
    require_same_ranking(r[0], adva::appraise(model, {"staff"}).ranking);

    auto edited = model;
    edited.options[*edited.option_index("O1")].scores["SF_practice"] = adva::score{adva::uncertainty::point, 95};
    require_same_ranking(r[1], adva::appraise(edited).ranking);

    auto doc = adva::io::model_to_json(model);
    doc.merge_patch(nlohmann::json::parse(R"({"context": {"discount_rate": 0.05}, "consensus": {"method": "geometric_mean"}})"));
    require_same_ranking(r[2], adva::appraise(adva::io::model_from_json(doc)).ranking);
}

TEST_CASE("failing scenarios become error results and the batch goes on") {
    const auto src = source_from(R"({"adva_scenarios": 1, "model": {"builtin": "default"},
        "scenarios": [
          {"id": "too_heavy", "weights": [{"node": "SF", "percent": 400}]},
          {"id": "off_scale", "scores": [{"option": "O2", "criterion": "SF_practice", "value": 140}]},
          {"id": "broken_patch", "patch": {"options": [{"id": "X"}]}},
          {"id": "fine"}
        ]})");
    const auto r = run_all(src, 2, 1);
    REQUIRE(r.size() == 4);
    CHECK(r[0].status == adva::scenario_status::error);
    CHECK(r[0].error_id == "adva.scenario.weight_out_of_range");
    CHECK(r[0].error_pointer == "/scenarios/0");
    CHECK(r[0].error_message ==
          "[adva.scenario.weight_out_of_range] /scenarios/0: the changed local weight of \"SF\" must stay within [0, 1] "
          "(seen: 0.306614 +400% = 1.53307)");
    CHECK(r[1].error_id == "adva.model.out_of_scale");
    CHECK(r[1].error_pointer == "/options/1/scores/SF_practice");
    CHECK(r[2].status == adva::scenario_status::error);
    CHECK(r[2].error_pointer.rfind("/options/0", 0) == 0);
    CHECK(r[3].status == adva::scenario_status::ok);
    std::string line;
    adva::append_json_line(line, r[0]);
    const auto j = nlohmann::json::parse(line);
    CHECK(j["status"] == "error");
    CHECK(j["error"] == "adva.scenario.weight_out_of_range");
    CHECK(j["pointer"] == "/scenarios/0");
}

TEST_CASE("a result line reads back as append_json_line wrote it, and only into its own scenario file") {
    const auto src = source_from(R"({"adva_scenarios": 1, "model": {"builtin": "default"},
        "scenarios": [{"id": "too_heavy", "weights": [{"node": "SF", "percent": 400}]}, {"id": "fine"}]})");
    const auto r = run_all(src, 1, 1);
    REQUIRE(r.size() == 2);
    for (const auto& written : r) {
        std::string line;
        adva::append_json_line(line, written);
        line.pop_back();  // the '\n'
        const auto back = adva::read_finished_line(line, "r.jsonl:1", src);
        CHECK(back.index == written.index);
        CHECK(back.id == written.id);
        CHECK(back.status == written.status);
        CHECK(back.discounted == written.discounted);
        REQUIRE(back.ranking.size() == written.ranking.size());
        for (std::size_t k = 0; k < written.ranking.size(); ++k) {
            CHECK(back.ranking[k].option == written.ranking[k].option);
            CHECK(back.ranking[k].rank == written.ranking[k].rank);
        }
    }
    CHECK(r[1].status == adva::scenario_status::ok);
    CHECK_FALSE(r[1].ranking.empty());
    REQUIRE_THROWS_MATCHES(adva::read_finished_line(R"({"index":1,"id":"other","status":"error"})", "r.jsonl:2", src), adva::invalid_input,
                           Catch::Matchers::Message("[adva.batch.resume_mismatch] r.jsonl:2: the results belong to another scenario file "
                                                    "(index and id do not match this one) (seen: index 1, id \"other\")"));
    auto message_of = [&](const std::string& line) -> std::string {
        try {
            (void)adva::read_finished_line(line, "r.jsonl:3", src);
        } catch (const adva::invalid_input& e) {
            return e.what();
        }
        return "";
    };
    CHECK_THAT(message_of(R"({"index":1,"id":"fine"})"),
               Catch::StartsWith("[adva.batch.corrupt_results] r.jsonl:3: a finished line lacks the result fields (seen: "));
    CHECK_THAT(message_of("not json"),
               Catch::StartsWith("[adva.batch.corrupt_results] r.jsonl:3: a finished line of the results is not JSON (seen: "));
    // The summary counts ranks into a table sized by them: a corrupt rank is refused, not trusted.
    std::string good;
    adva::append_json_line(good, r[1]);
    good.pop_back();
    const auto first_rank = good.find("\"ranks\":[1");
    REQUIRE(first_rank != std::string::npos);
    const auto with_rank = [&](const std::string& rank) {
        return good.substr(0, first_rank) + "\"ranks\":[" + rank + good.substr(first_rank + 10);
    };
    REQUIRE(message_of(with_rank("1")).empty());
    const std::string bad_rank = "[adva.batch.corrupt_results] r.jsonl:3: a finished line's ranks are whole numbers from 1 to the number of options ranked";
    for (const std::string rank : {"0", "2000000000", "-1", "1.5", "\"1\"", "99"})
        CHECK(message_of(with_rank(rank)) == bad_rank + " (seen: " + rank + ")");
    CHECK_THAT(message_of(with_rank("1,1")), Catch::StartsWith("[adva.batch.corrupt_results] r.jsonl:3: a finished line has one rank per ranked option"));
    const auto status_at = good.find("\"status\":\"ok\"");
    REQUIRE(status_at != std::string::npos);
    CHECK(message_of(good.substr(0, status_at) + "\"status\":\"fine\"" + good.substr(status_at + 13)) ==
          "[adva.batch.corrupt_results] r.jsonl:3: a finished line's status is \"ok\" or \"error\" (seen: \"fine\")");
    const auto index_end = good.find(',');
    CHECK(message_of("{\"index\":-1" + good.substr(index_end)) ==
          "[adva.batch.corrupt_results] r.jsonl:3: a finished line's index is a whole number from 0 (seen: -1)");
}

TEST_CASE("result lines escape every character JSON needs escaped, and labels print numbers as %g does") {
    const std::string text = std::string("plain \"quoted\" back\\slash\ttab\nline\rreturn ") + '\x01' + '\x1f' + " caf\xc3\xa9 end";
    std::string line;
    adva::detail::append_json_string(line, text);
    CHECK(nlohmann::json::parse(line).get<std::string>() == text);
    CHECK(line.find('\x01') == std::string::npos);
    line.clear();
    adva::detail::append_json_string(line, "");
    CHECK(line == "\"\"");

    for (const double v : {0.0, -0.0, 10.0, -50.0, 2.5, 1e-7, 123456.0, 1234567.0, 0.1, 33.333333333, 1e21, -1e-300, 999999.0,
                           -999999.0, 1e6, -1e6, 100000.0, 999999.5, -45.0, 4503599627370497.0}) {
        char expected[64];
        std::snprintf(expected, sizeof expected, "%+.6g", v);
        CHECK(adva::detail::signed_number(v, true) == expected);
        std::snprintf(expected, sizeof expected, "%.6g", v);
        CHECK(adva::detail::signed_number(v, false) == expected);
    }
}

TEST_CASE("short and long strings are escaped alike, whatever their length") {
    // Strings under 16 bytes take a path of their own: every length around that bound, with a byte
    // that needs an escape at each place.
    for (std::size_t length = 0; length <= 40; ++length)
        for (const char special : {'"', '\\', '\n', '\x01', '\x1f', 'a'})
            for (std::size_t at = 0; at < std::max<std::size_t>(length, 1); ++at) {
                std::string text(length, 'x');
                if (at < length) text[at] = special;
                std::string line;
                adva::detail::append_json_string(line, text);
                CHECK(nlohmann::json::parse(line).get<std::string>() == text);
                CHECK(line == nlohmann::json(text).dump());
            }
}

TEST_CASE("numbers are written as their shortest text, through the memo of recent numbers too") {
    std::vector<double> values = {0.0, -0.0, 1.0, -1.0, 2e6, 0.1, 1.0 / 3.0, -2.2250738585072014e-308, 4.9406564584124654e-324,
                                  -1.7976931348623157e308, 35300654.318046436, 1e21, 1e-7, 123456789012345680.0};
    std::mt19937_64 bits(20261205);
    while (values.size() < 5000) {  // ten times the memo's slots: every slot is taken by several numbers
        const double v = std::bit_cast<double>(bits());
        if (std::isfinite(v)) values.push_back(v);
        if (values.size() % 7 == 0) values.push_back(double(bits() % 1000) / 8.0);  // short texts too
    }
    adva::detail::number_text_memo memo{};
    for (int pass = 0; pass < 3; ++pass)  // the first pass fills the slots, later ones hit or replace them
        for (const double v : values) {
            char expected[64], seen[adva::detail::number_text_memo::text_room + 8];
            const std::string want(expected, std::to_chars(expected, expected + sizeof expected, v).ptr);
            const std::string got(seen, memo.write(seen, v));
            REQUIRE(got == want);
        }
}

TEST_CASE("a result line holds every field in full however large its strings and numbers") {
    // Every string at its longest escaped form (\u0001 is 6 bytes per byte), numbers at their longest.
    const auto worst = [](std::size_t n) { return std::string(n, '\x01'); };
    adva::scenario_result r;
    r.index = std::numeric_limits<std::uint64_t>::max();
    r.id = worst(40);
    r.label = worst(300);
    r.governance_state = worst(20);
    for (int k = 0; k < 50; ++k) {
        r.ranking.push_back({worst(std::size_t(k)), k + 1, k % 2 ? -1.2345678901234567e-308 : -1.7976931348623157e308, k % 3 == 0});
        r.discounted.push_back(worst(7));
        r.sensitivity.push_back({worst(9), -2.2250738585072014e-308, std::nan(""), 1.0 / 3.0});
        r.smaa.push_back({worst(5), 0.123456789012345678, -9.8765432109876543e-300});
        adva::scenario_value_for_money v;
        v.entry.option = worst(std::size_t(k));
        v.entry.position = adva::cost_effectiveness::more_value_more_cost;  // the longest position's name
        v.entry.npv_cost = v.entry.npv_cost_before_optimism_bias = v.entry.benefit = v.entry.value_added = -1.2345678901234567e-308;
        v.entry.extra_cost = v.entry.value_added_per_extra_cost = v.entry.incremental_benefit_per_cost = -1.7976931348623157e308;
        v.shortfall_years = std::numeric_limits<int>::max();
        v.largest_shortfall = -2.2250738585072014e-308;
        r.value_for_money.push_back(v);
    }
    r.value_for_money_comparator = worst(60);
    r.smaa_samples = r.smaa_seed = std::numeric_limits<std::uint64_t>::max();
    std::string line = "before";
    adva::append_json_line(line, r);
    CHECK(line.size() - 6 <= adva::detail::json_line_room(r));  // written within the room reserved
    REQUIRE(line.rfind("before", 0) == 0);
    REQUIRE(line.back() == '\n');
    const auto j = nlohmann::json::parse(line.substr(6));
    CHECK(j["index"].get<std::uint64_t>() == r.index);
    CHECK(j["label"].get<std::string>() == r.label);
    CHECK(j["ranking"].size() == 50);
    CHECK(j["totals"][worst(49)].get<double>() == r.ranking[49].total);
    CHECK(j["ranks"][49] == 50);
    CHECK(j["discounted"].size() == 50);
    CHECK(j["sensitivity"][worst(9)]["winner_stable"][0].is_null());  // NaN is not JSON
    CHECK(j["smaa"]["seed"].get<std::uint64_t>() == r.smaa_seed);
    CHECK(j["smaa"]["confidence_factors"][worst(5)].get<double>() == r.smaa[0].confidence_factor);
    CHECK(j["value_for_money"]["comparator"] == r.value_for_money_comparator);
    CHECK(j["value_for_money"]["options"][worst(49)]["extra_cost"].get<double>() == r.value_for_money[49].entry.extra_cost);
    CHECK(j["value_for_money"]["options"][worst(49)]["shortfall_years"] == std::numeric_limits<int>::max());

    r.status = adva::scenario_status::error;
    r.error_id = worst(64);
    r.error_pointer = worst(500);
    r.error_message = worst(2000);
    line.clear();
    adva::append_json_line(line, r);
    const auto e = nlohmann::json::parse(line);
    CHECK(e["message"].get<std::string>() == r.error_message);
    CHECK(e["pointer"].get<std::string>() == r.error_pointer);
}

TEST_CASE("a changed score is refused with the model reader's own error") {
    const auto src = source_from(R"({"adva_scenarios": 1, "model": {"builtin": "default"},
        "scenarios": [{"id": "off_scale", "scores": [{"option": "O2", "criterion": "SF_practice", "value": 100.000123456789}]}]})");
    const auto r = run_all(src, 1);
    REQUIRE(r.size() == 1);
    REQUIRE(r[0].status == adva::scenario_status::error);
    auto doc = adva::io::model_to_json(*src.base);
    doc["options"][1]["scores"]["SF_practice"] = 100.000123456789;
    REQUIRE_THROWS_AS(adva::io::model_from_json(doc), adva::invalid_input);
    try {
        adva::io::model_from_json(doc);
    } catch (const adva::invalid_input& e) {
        CHECK(r[0].error_message == e.what());
    }
}

TEST_CASE("a patched scenario of a source that cannot apply patches ends in an error result") {
    auto src = source_from(R"({"adva_scenarios": 1, "model": {"builtin": "default"},
        "scenarios": [{"id": "patched", "patch": {"context": {"discount_rate": 0.05}}}, {"id": "fine"}]})");
    src.patch_base = nullptr;  // as a source assembled in code without the scenario reader
    const auto r = run_all(src, 1);
    REQUIRE(r.size() == 2);
    CHECK(r[0].error_id == "adva.scenario.patch_unsupported");
    CHECK(r[0].error_pointer == "/scenarios/0");
    CHECK(r[1].status == adva::scenario_status::ok);
}

TEST_CASE("sink calls come in index order with every scenario once, on any thread count") {
    const auto src = source_from(R"({"adva_scenarios": 1, "model": {"builtin": "default"},
        "generators": [{"id": "g", "kind": "weight_grid", "axes": [{"node": "SF", "percent": {"from": -50, "to": 50, "step": 10}},
                                                                     {"node": "CAP", "percent": {"from": -50, "to": 50, "step": 10}}]}]})");
    REQUIRE(src.count() == 121);
    adva::finished_indices done;
    for (std::uint64_t i = 0; i < 121; i += 3) done += i;
    done += adva::finished_indices::interval_type(40, 60);  // a whole finished range: skipped at once
    for (int threads : {1, 2}) {
        adva::batch_options o;
        o.threads = threads;
        o.chunk_size = 5;
        o.done = &done;
        o.render_jsonl = true;
        std::uint64_t expected_first = 0;
        std::vector<std::uint64_t> seen;
        adva::run_batch(src, o, [&](const adva::batch_chunk& c) {
            CHECK(c.first_index >= expected_first);  // past the previous chunk: finished ranges are skipped
            CHECK(c.first_index < c.end_index);
            expected_first = c.end_index;
            std::size_t lines = 0;
            for (char ch : c.jsonl) lines += ch == '\n';
            CHECK(lines == c.results.size());
            for (const auto& r : c.results) seen.push_back(r.index);
        });
        std::vector<std::uint64_t> want;
        for (std::uint64_t i = 0; i < 121; ++i)
            if (!boost::icl::contains(done, i)) want.push_back(i);
        CHECK(seen == want);
    }
    // parallel_step sees each chunk once, evaluated, before the sink; what it leaves reaches the sink.
    for (int threads : {1, 2}) {
        adva::batch_options o;
        o.threads = threads;
        o.chunk_size = 4;
        std::atomic<std::size_t> stepped{0}, not_cleared{0};  // counted, as Catch asserts from one thread
        o.parallel_step = [&](adva::batch_chunk& c) {
            not_cleared += !c.left_for_sink.empty();
            stepped += c.results.size();
            for (std::size_t k = 0; k < c.results.size(); ++k)
                if (c.results[k].index % 7 == 0) c.left_for_sink.push_back(k);
        };
        std::size_t sunk = 0;
        std::vector<std::uint64_t> left;
        adva::run_batch(src, o, [&](const adva::batch_chunk& c) {
            sunk += c.results.size();
            CHECK(stepped >= sunk);
            for (std::size_t k : c.left_for_sink) left.push_back(c.results[k].index);
        });
        CHECK(stepped == 121);
        CHECK(not_cleared == 0);
        CHECK(left.size() == 18);  // 0, 7, ..., 119
        CHECK(std::all_of(left.begin(), left.end(), [](std::uint64_t i) { return i % 7 == 0; }));
        CHECK(std::is_sorted(left.begin(), left.end()));
    }
    // Same results on 1 and 2 threads.
    const auto a = run_all(src, 1, 16), b = run_all(src, 2, 3);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        std::string la, lb;
        adva::append_json_line(la, a[i]);
        adva::append_json_line(lb, b[i]);
        CHECK(la == lb);
    }
}

TEST_CASE("generators decode lazily: scenario k depends on k alone") {
    const auto src = source_from(R"({"adva_scenarios": 1, "model": {"builtin": "default"},
        "generators": [{"id": "big", "kind": "product", "of": [
            {"kind": "weight_grid", "axes": [{"node": "SF", "percent": {"from": -50, "to": 50, "step": 0.002}},
                                             {"node": "VFM", "percent": {"from": -50, "to": 50, "step": 0.002}}]},
            {"kind": "stakeholders", "groups": ["members", "staff", "consensus"]}]}]})");
    // 50001^2 * 3 ≈ 7.5·10^9 scenarios, described in a few kilobytes.
    REQUIRE(src.count() == std::uint64_t(50001) * 50001 * 3);
    adva::scenario s;
    src.at(src.count() - 1, s);
    CHECK(s.id == "big/" + std::to_string(src.count() - 1));
    CHECK(s.group == "consensus");
    REQUIRE(s.weights.size() == 2);
    CHECK(s.weights[0].percent == Approx(50));
    CHECK(s.weights[1].percent == Approx(50));
    src.at(4, s);  // grid scenario 1 (SF index 0, VFM index 1), group 1 (staff)
    CHECK(s.weights[0].percent == Approx(-50));
    CHECK(s.weights[1].percent == Approx(-49.998));
    CHECK(s.group == "staff");
    CHECK(s.label == "SF-50%,VFM-49.998%,staff");
    CHECK(src.id_at(12345) == "big/12345");
}

TEST_CASE("a resumed source of 10^12 scenarios keeps finished ranges, not a bit per scenario") {
    // Six 100-step sweeps: 10^12 scenarios. Everything but the last five is finished: the runner
    // skips the finished range at once and runs the five.
    std::string axes;
    for (const char* node : {"SF", "VFM", "CAP", "AFF", "ACH", "SF"}) {
        if (!axes.empty()) axes += ",";
        axes += std::string(R"({"kind": "weight_sweep", "nodes": [")") + node + R"("], "percent": {"from": -49.5, "to": 0, "step": 0.5}})";
    }
    const auto src = source_from(R"({"adva_scenarios": 1, "model": {"builtin": "default"},
        "generators": [{"id": "huge", "kind": "product", "of": [)" + axes + "]}]}");
    const std::uint64_t total = src.count();
    REQUIRE(total == std::uint64_t(1000000) * 1000000);
    adva::finished_indices done;
    done += adva::finished_indices::interval_type(0, total - 5);
    adva::batch_options o;
    o.threads = 1;
    o.done = &done;
    std::vector<std::uint64_t> seen;
    adva::run_batch(src, o, [&](const adva::batch_chunk& c) {
        for (const auto& r : c.results) seen.push_back(r.index);
    });
    CHECK(seen == std::vector<std::uint64_t>{total - 5, total - 4, total - 3, total - 2, total - 1});
}

namespace {

/// The base model with option `option`'s cost lines `lines` scaled by `factor` and, for every line
/// of category `category` ("" = any category), the mitigation share set: the documented meaning of
/// a cost or optimism-bias change, written out on the model.
adva::appraisal with_costs(adva::appraisal model, const std::string& option, const std::vector<std::size_t>& lines, double factor,
                           const std::string& category = {}, double mitigation = -1) {
    auto& costs = model.options[*model.option_index(option)].costs;
    for (std::size_t k : lines) {
        costs[k].amount *= factor;
        for (double& x : costs[k].profile) x *= factor;
    }
    if (mitigation >= 0)
        for (auto& o : model.options)
            for (auto& line : o.costs)
                if (!line.optimism_bias.empty() && (category.empty() || line.optimism_bias == category)) {
                    line.mitigation = mitigation;
                    line.mitigation_reason = mitigation > 0 ? "a what-if" : "";
                }
    return model;
}

const adva::scenario_value_for_money& vfm_of(const adva::scenario_result& r, const std::string& option) {
    for (const auto& v : r.value_for_money)
        if (v.entry.option == option) return v;
    FAIL("no value for money for " << option << " in " << r.id);
    throw;
}

void require_same_value_for_money(const adva::scenario_result& r, const adva::appraisal& expected_model) {
    REQUIRE(r.status == adva::scenario_status::ok);
    const auto expected = adva::appraise(expected_model);
    const auto economics = adva::compute_economic_case(expected_model);
    CHECK(r.value_for_money_comparator == expected.value_for_money_comparator);
    REQUIRE(r.value_for_money.size() == expected.value_for_money.size());
    for (std::size_t k = 0; k < expected.value_for_money.size(); ++k) {
        const auto& got = r.value_for_money[k];
        const auto& want = expected.value_for_money[k];
        INFO(r.id << " " << r.label << " " << want.option);
        CHECK(got.entry.option == want.option);
        CHECK(got.entry.npv_cost == Approx(want.npv_cost).epsilon(1e-12));
        CHECK(got.entry.npv_cost_before_optimism_bias == Approx(want.npv_cost_before_optimism_bias).epsilon(1e-12));
        CHECK(got.entry.benefit == Approx(want.benefit).margin(1e-9));
        CHECK(got.entry.on_frontier == want.on_frontier);
        CHECK(got.entry.position == want.position);
        if (std::isfinite(want.value_added)) CHECK(got.entry.value_added == Approx(want.value_added).margin(1e-9));
        CHECK(got.entry.incremental_benefit_per_cost == Approx(want.incremental_benefit_per_cost).margin(1e-9));
        const auto& e = economics.options[*expected_model.option_index(want.option)];
        CHECK(got.shortfall_years == e.shortfall_years);
        CHECK(got.largest_shortfall == Approx(e.largest_shortfall).margin(1e-6));
    }
}

}  // namespace

TEST_CASE("every line carries value for money, equal to appraise() on the base and on a model with the costs changed") {
    const std::string gens = R"("generators": [
        {"id": "fee", "kind": "cost_sweep", "option": "O4", "line": "costs/1", "percent": [-50, 0, 30]},
        {"id": "o3", "kind": "cost_sweep", "option": "O3", "percent": [-20, 40]},
        {"id": "ob", "kind": "optimism_bias_sweep", "category": "outsourcing", "mitigation": [0, 0.5, 1]},
        {"id": "all_ob", "kind": "optimism_bias_sweep", "mitigation": [0.25]},
        {"id": "both", "kind": "product", "of": [
            {"kind": "weight_sweep", "nodes": ["SF"], "percent": [-40, 60]},
            {"kind": "cost_sweep", "option": "O2", "percent": [100]}]}])";
    const auto fast = source_from(R"({"adva_scenarios": 1, "model": {"builtin": "default"}, "scenarios": [{"id": "base"}], )" + gens + "}");
    // Sensitivity forces the full path, on a model copy with the costs changed.
    const auto full = source_from(R"({"adva_scenarios": 1, "model": {"builtin": "default"}, "scenarios": [{"id": "base"}],
        "analyses": {"sensitivity": {"nodes": ["SF"]}}, )" + gens + "}");
    const auto& model = *fast.base;
    REQUIRE(fast.count() == 1 + 3 + 2 + 3 + 1 + 2);
    const auto a = run_all(fast), b = run_all(full, 1, 3);
    REQUIRE(a.size() == fast.count());
    REQUIRE(b.size() == a.size());

    const auto all_lines = [&](const std::string& option) {
        std::vector<std::size_t> k(model.options[*model.option_index(option)].costs.size());
        for (std::size_t i = 0; i < k.size(); ++i) k[i] = i;
        return k;
    };
    std::vector<adva::appraisal> expected = {
        model,
        with_costs(model, "O4", {1}, 0.5), with_costs(model, "O4", {1}, 1.0), with_costs(model, "O4", {1}, 1.3),
        with_costs(model, "O3", all_lines("O3"), 0.8), with_costs(model, "O3", all_lines("O3"), 1.4),
        with_costs(model, "O4", {}, 1, "outsourcing", 0), with_costs(model, "O4", {}, 1, "outsourcing", 0.5),
        with_costs(model, "O4", {}, 1, "outsourcing", 1),
        with_costs(model, "O4", {}, 1, "", 0.25),
    };
    const auto base_ranking = adva::appraise(model).ranking;
    for (std::size_t i = 0; i < a.size(); ++i) {
        INFO(a[i].id << " " << a[i].label);
        // Both paths give the same line.
        std::string la, lb;
        adva::append_json_line(la, a[i]);
        adva::append_json_line(lb, b[i]);
        CHECK(nlohmann::json::parse(la).at("value_for_money") == nlohmann::json::parse(lb).at("value_for_money"));
        if (a[i].id.rfind("both/", 0) == 0) continue;  // weights moved: checked below
        require_same_value_for_money(a[i], expected[i]);
        require_same_ranking(a[i], base_ranking);  // costs never move the ranking
    }
    CHECK(a[1].label == "O4.costs/1-50%");
    CHECK(a[4].label == "O3.costs-20%");
    CHECK(a[6].label == "mitigation[outsourcing]=0");
    CHECK(a[9].label == "mitigation=0.25");
    CHECK(a[10].label == "SF-40%,O2.costs+100%");
    // The benefit moves with the weights, the cost with the cost change.
    const auto& o2_base = vfm_of(a[0], "O2");
    for (std::size_t i : {std::size_t(10), std::size_t(11)}) {
        CHECK(vfm_of(a[i], "O2").entry.npv_cost == Approx(2 * o2_base.entry.npv_cost).epsilon(1e-12));
        CHECK(vfm_of(a[i], "O2").entry.benefit != Approx(o2_base.entry.benefit).margin(1e-6));
    }
    // Mitigating the outsourcing uplift lowers O4's NPC, and never below its cost before optimism bias.
    CHECK(vfm_of(a[8], "O4").entry.npv_cost < vfm_of(a[6], "O4").entry.npv_cost);
    CHECK(vfm_of(a[8], "O4").entry.npv_cost >= vfm_of(a[8], "O4").entry.npv_cost_before_optimism_bias);

    // "value_for_money": false leaves the fields out, on both paths; the ranking is the same.
    const auto bare = source_from(R"({"adva_scenarios": 1, "model": {"builtin": "default"}, "analyses": {"value_for_money": false},
        "scenarios": [{"id": "base"}, {"id": "full", "analyses": {"value_for_money": false, "sensitivity": true}}], )" + gens + "}");
    for (const auto& r : run_all(bare)) {
        INFO(r.id);
        CHECK(r.value_for_money.empty());
        std::string line;
        adva::append_json_line(line, r);
        CHECK(line.find("value_for_money") == std::string::npos);
        if (r.id == "base") require_same_ranking(r, base_ranking);
    }
}

TEST_CASE("the value for money of a line reads back for the summary, and a resumed summary equals a whole one") {
    const auto src = source_from(R"({"adva_scenarios": 1, "model": {"builtin": "default"},
        "generators": [{"id": "g", "kind": "product", "of": [
            {"kind": "cost_sweep", "option": "O3", "percent": {"from": -60, "to": 60, "step": 5}},
            {"kind": "optimism_bias_sweep", "category": "outsourcing", "mitigation": [0, 1]}]}]})");
    const auto results = run_all(src, 2, 5);
    adva::batch_summary whole, read_back;
    for (const auto& r : results) {
        whole.add(r);
        std::string line;
        adva::append_json_line(line, r);
        line.pop_back();
        read_back.add(adva::read_finished_line(line, "r.jsonl:1", src));
    }
    REQUIRE(whole.has_value_for_money());
    CHECK(read_back.options == whole.options);
    CHECK(read_back.costed == whole.costed);
    CHECK(read_back.on_frontier == whole.on_frontier);
    CHECK(read_back.over_budget == whole.over_budget);
    // Bit for bit, NaN (never costed) included.
    const auto same = [](const std::vector<double>& a, const std::vector<double>& b) {
        return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](double x, double y) {
                   return x == y || (std::isnan(x) && std::isnan(y));
               });
    };
    CHECK(same(read_back.npv_cost_min, whole.npv_cost_min));
    CHECK(same(read_back.npv_cost_max, whole.npv_cost_max));
    // O3's cost runs from 40 % to 160 % of its estimate, and moves another option on and off the
    // frontier somewhere in the sweep (O3 itself, the most valued, stays on it).
    const auto o3 = std::size_t(std::find(whole.options.begin(), whole.options.end(), "O3") - whole.options.begin());
    REQUIRE(o3 < whole.options.size());
    CHECK(whole.costed[o3] == results.size());
    CHECK(whole.npv_cost_max[o3] / whole.npv_cost_min[o3] > 3.0);
    bool moves = false;
    for (std::size_t i = 0; i < whole.options.size(); ++i) moves = moves || (whole.on_frontier[i] > 0 && whole.on_frontier[i] < whole.costed[i]);
    CHECK(moves);

    // A corrupt shortfall count is refused, not trusted.
    std::string line;
    adva::append_json_line(line, results[0]);
    line.pop_back();
    const auto at = line.find("\"shortfall_years\":");
    REQUIRE(at != std::string::npos);
    const auto end = line.find(',', at);
    const std::string corrupt = line.substr(0, at) + "\"shortfall_years\":-2" + line.substr(end);
    REQUIRE_THROWS_MATCHES(adva::read_finished_line(corrupt, "r.jsonl:7", src), adva::invalid_input,
                           Catch::Matchers::Message("[adva.batch.corrupt_results] r.jsonl:7: a finished line's shortfall years are a "
                                                    "whole number from 0 (seen: -2)"));
}

TEST_CASE("an affordability gate re-screens the options whose costs a scenario changes, on both paths") {
    const auto base = adva::io::default_model();
    auto doc = adva::io::model_to_json(base);
    // The first short-listed option, not a benchmark, over the budget envelope in some year.
    const auto economics = adva::compute_economic_case(base);
    const auto screened = adva::appraise(base).screening;
    std::size_t swept = 0;
    while (swept < base.options.size() &&
           !(screened[swept].shortlisted && !base.options[swept].is_benchmark() && economics.options[swept].largest_shortfall > 0))
        ++swept;
    REQUIRE(swept < base.options.size());
    const std::string id = base.options[swept].id;
    const double shortfall = economics.options[swept].largest_shortfall;
    // The option passes at its own cost: the gate tolerates its shortfall exactly; a rise discounts it.
    doc["gates"].push_back({{"id", "G_afford"}, {"kind", "affordability"}, {"threshold", shortfall}});
    const std::string gens =
        R"("generators": [{"id": "g", "kind": "cost_sweep", "option": ")" + id + R"(", "percent": [-30, 0, 30]}]})";
    const auto fast = source_from(R"({"adva_scenarios": 1, "model": {"embedded": )" + doc.dump() + "}, " + gens);
    const auto full = source_from(R"({"adva_scenarios": 1, "model": {"embedded": )" + doc.dump() + R"(},
        "analyses": {"sensitivity": {"nodes": ["SF"]}}, )" + gens);
    const auto a = run_all(fast), b = run_all(full, 1);
    REQUIRE(a.size() == 3);
    const auto& model = *fast.base;
    const std::vector<double> factors = {0.7, 1.0, 1.3};
    for (std::size_t i = 0; i < a.size(); ++i) {
        INFO(a[i].label);
        const auto edited = with_costs(model, id, [&] {
            std::vector<std::size_t> k(model.options[swept].costs.size());
            for (std::size_t j = 0; j < k.size(); ++j) k[j] = j;
            return k;
        }(), factors[i]);
        const auto expected = adva::appraise(edited);
        std::vector<std::string> discounted;
        for (const auto& e : expected.screening)
            if (!e.shortlisted) discounted.push_back(e.option);
        CHECK(a[i].discounted == discounted);
        CHECK(b[i].discounted == discounted);
        require_same_ranking(a[i], expected.ranking);
        require_same_ranking(b[i], expected.ranking);
        require_same_value_for_money(a[i], edited);
        const bool kept = std::find(discounted.begin(), discounted.end(), id) == discounted.end();
        CHECK(kept == (i < 2));
    }
}
