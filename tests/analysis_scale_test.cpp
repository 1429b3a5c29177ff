// Models at the documented bounds (docs/model-format.md, "Bounds": 10^5 options, 10^4 criteria)
// are validated and appraised (the work is O(size · log size): no quadratic lookups, no pairwise
// dominance beyond max_dominance_options); larger ones are refused before any work. The results are
// checked against direct computations; no timing is asserted.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analysis_fixtures.hpp"
#include "methods_test_support.hpp"

#include "adva/analysis/appraise.hpp"
#include "adva/analysis/robustness.hpp"

using namespace adva;
using adva::testing::make_criterion;
using adva::testing::MessageContains;

namespace {

/// `parents` top-level nodes with `per_parent` leaves each (direct weights 1..7 and 1..5), and
/// `options` options with pseudo-random direct scores on every leaf; option 0 is business as usual.
appraisal synthetic_model(std::size_t options, std::size_t parents, std::size_t per_parent) {
    appraisal m;
    m.context.title = "Synthetic appraisal";
    m.context.organisation = "Test council";
    m.context.service = "Test service";
    for (std::size_t p = 0; p < parents; ++p) {
        const std::string pid = "P" + std::to_string(p);
        m.criteria.push_back(make_criterion(pid, "", 1.0 + double(p % 7)));
        for (std::size_t l = 0; l < per_parent; ++l) m.criteria.push_back(make_criterion(pid + "_" + std::to_string(l), pid, 1.0 + double(l % 5)));
    }
    std::uint64_t state = 12345;
    m.options.reserve(options);
    for (std::size_t o = 0; o < options; ++o) {
        option op;
        op.id = "X" + std::to_string(o);
        op.name = "Option " + op.id;
        op.vehicle = "in_house";
        op.business_as_usual = o == 0;
        for (const auto& c : m.criteria) {
            if (c.parent.empty()) continue;
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            score s;
            s.value = double(state >> 40) / double(std::uint64_t(1) << 24) * 100.0;
            op.scores[c.id] = s;
        }
        m.options.push_back(std::move(op));
    }
    return m;
}

/// The total of option o straight from the definition: Σ parent weight × Σ leaf weight × score,
/// weights normalised within each parent.
double direct_total(const appraisal& m, std::size_t o, std::size_t parents, std::size_t per_parent) {
    double parent_sum = 0, total = 0;
    for (std::size_t p = 0; p < parents; ++p) parent_sum += 1.0 + double(p % 7);
    for (std::size_t p = 0; p < parents; ++p) {
        double leaf_sum = 0, value = 0;
        for (std::size_t l = 0; l < per_parent; ++l) leaf_sum += 1.0 + double(l % 5);
        for (std::size_t l = 0; l < per_parent; ++l)
            value += (1.0 + double(l % 5)) / leaf_sum * m.options[o].scores.at("P" + std::to_string(p) + "_" + std::to_string(l)).value;
        total += (1.0 + double(p % 7)) / parent_sum * value;
    }
    return total;
}

void check_ranking(const appraisal& m, const appraisal_result& r, std::size_t parents, std::size_t per_parent) {
    REQUIRE(r.ranking.size() == m.options.size());
    CHECK(std::is_sorted(r.ranking.begin(), r.ranking.end(), [](const ranked_option& a, const ranked_option& b) { return a.total > b.total; }));
    for (std::size_t o : {std::size_t(0), m.options.size() / 2, m.options.size() - 1})
        CHECK(r.totals[Eigen::Index(o)] == Approx(direct_total(m, o, parents, per_parent)).epsilon(1e-12));
}

}  // namespace

TEST_CASE("a model with 10^5 options is appraised; dominance is left out past its bound", "[analysis][scale]") {
    const appraisal m = synthetic_model(max_options, 2, 5);
    const auto r = appraise(m);
    check_ranking(m, r, 2, 5);
    CHECK(r.dominance.empty());
    CHECK(std::count_if(r.warnings.begin(), r.warnings.end(),
                        [](const std::string& w) { return w.rfind("dominance left out: the short list has 100000 options", 0) == 0; }) == 1);
    // The report's robustness summary: stability intervals without the quadratic crossover list,
    // and no SMAA beyond its bound.
    const auto summary = summarise_robustness(m, r);
    CHECK(summary.top_level.size() == 2);
    CHECK(summary.samples == 0);
    const auto full = one_way_sensitivity(m, r, 0);  // crossovers asked for, but beyond their bound
    CHECK(full.crossovers.empty());
    CHECK(full.lines.size() == max_options);
    CHECK(full.winner_stable.lower <= full.weight);
    CHECK(full.weight <= full.winner_stable.upper);
}

TEST_CASE("a model with 10^4 criteria is validated and appraised", "[analysis][scale]") {
    const appraisal m = synthetic_model(20, 100, 99);  // 100 parents + 9 900 leaves = 10^4 nodes
    REQUIRE(m.criteria.size() == max_criteria);
    const auto r = appraise(m);
    check_ranking(m, r, 100, 99);
    double leaf_weights = 0;
    for (std::size_t leaf : r.leaf_indices) leaf_weights += r.weights.global[leaf];
    CHECK(leaf_weights == Approx(1.0));
    CHECK(r.dominance.size() == 20);
}

TEST_CASE("models beyond the bounds are refused before any work", "[analysis][scale][errors]") {
    appraisal m = synthetic_model(2, 1, 2);
    m.options.resize(max_options + 1, m.options[1]);
    REQUIRE_THROWS_MATCHES(validate(m), limit_exceeded,
                           MessageContains("[adva.limits.options] /options: a model has at most 100000 options (seen: 100001)"));
    m = synthetic_model(2, 1, max_criteria);  // 1 parent + 10^4 leaves
    REQUIRE_THROWS_MATCHES(appraise(m), limit_exceeded, MessageContains("[adva.limits.criteria] /criteria: a model has at most 10000 criteria"));
}

TEST_CASE("dominance up to its bound; the value-for-money frontier by sorting matches its definition", "[analysis][scale]") {
    const appraisal m = synthetic_model(max_dominance_options, 2, 2);
    const auto r = appraise(m);
    REQUIRE(r.dominance.size() == max_dominance_options);
    // Pairwise dominance against the definition for a sample of options.
    for (std::size_t a = 0; a < r.dominance.size(); a += 97) {
        const auto row = Eigen::Index(std::find(r.option_ids.begin(), r.option_ids.end(), r.dominance[a].option) - r.option_ids.begin());
        std::size_t dominators = 0;
        for (Eigen::Index b = 0; b < Eigen::Index(m.options.size()); ++b) {
            bool all = true, some = false;
            for (std::size_t leaf : r.leaf_indices) {
                all = all && r.values(b, Eigen::Index(leaf)) >= r.values(row, Eigen::Index(leaf));
                some = some || r.values(b, Eigen::Index(leaf)) > r.values(row, Eigen::Index(leaf));
            }
            dominators += all && some;
        }
        CHECK(r.dominance[a].dominated_by.size() == dominators);
    }

    // Costs and benefits with ties in both, against "no other entry has >= benefit for <= cost,
    // one of them strictly".
    std::vector<value_for_money_entry> entries(500);
    std::uint64_t state = 99;
    for (auto& e : entries) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        e.option = "O";
        e.npv_cost = double((state >> 33) % 40) * 1e5;
        e.benefit = double((state >> 13) % 50);
    }
    auto expected = entries;
    for (auto& e : expected)
        e.on_frontier = std::none_of(entries.begin(), entries.end(), [&](const value_for_money_entry& o) {
            return o.benefit >= e.benefit && o.npv_cost <= e.npv_cost && (o.benefit > e.benefit || o.npv_cost < e.npv_cost);
        });
    mark_frontier(entries);
    std::size_t on = 0;
    for (std::size_t k = 0; k < entries.size(); ++k) {
        CHECK(entries[k].on_frontier == expected[k].on_frontier);
        on += entries[k].on_frontier;
    }
    CHECK(on >= 2);
}

TEST_CASE("SMAA is bounded to 500 alternatives; the report summary leaves it out beyond", "[analysis][scale][smaa]") {
    const appraisal m = synthetic_model(std::size_t(max_smaa_alternatives) + 1, 2, 2);
    const auto r = appraise(m);
    smaa_options o;
    o.samples = 100;
    REQUIRE_THROWS_MATCHES(model_smaa(m, r, o), limit_exceeded,
                           MessageContains("[adva.smaa.limit] /matrix: at most 500 alternatives (SMAA counts every pair) (seen: 501 alternatives)"));
    const auto summary = summarise_robustness(m, r, 100);
    CHECK(summary.winner == r.ranking.front().option);
    CHECK(summary.top_level.size() == 2);
    CHECK(summary.samples == 0);
    CHECK(std::isnan(summary.first_rank_acceptability));
}
