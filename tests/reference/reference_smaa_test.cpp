// SMAA-2 reference case (tests/reference/smaa2_analytic_two_criteria_derived.json, an exact
// derivation; source attribution in the file): rank acceptabilities, central weights and the
// pairwise winning index within the case's Monte Carlo bound 4 sqrt(p(1-p)/N).
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "adva/analysis/smaa.hpp"

TEST_CASE("smaa2_analytic_two_criteria_derived (rank = 1 + number strictly better, uniform weights)", "[reference][smaa]") {
    std::ifstream f(std::string(ADVA_REFERENCE_DIR) + "/smaa2_analytic_two_criteria_derived.json");
    REQUIRE(f);
    const nlohmann::json ref = nlohmann::json::parse(f);
    REQUIRE(ref["parameters"]["rank"] == "1 + #strictly greater");
    adva::smaa_problem p;
    const auto& m = ref["matrix"];
    p.values.resize(static_cast<Eigen::Index>(m.size()), static_cast<Eigen::Index>(m[0].size()));
    for (std::size_t i = 0; i < m.size(); ++i)
        for (std::size_t k = 0; k < m[i].size(); ++k) p.values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = m[i][k].get<double>();
    adva::smaa_options o;
    o.samples = 200000;
    o.seed = 12345;
    const adva::smaa_result r = adva::smaa(p, o);
    const double n = static_cast<double>(o.samples);
    auto bound = [n](double p) { return std::max(4 * std::sqrt(p * (1 - p) / n), 1e-12); };
    const auto& ra = ref["expected"]["rank_acceptability"];
    for (Eigen::Index i = 0; i < 3; ++i)
        for (Eigen::Index j = 0; j < 3; ++j) {
            const double e = ra[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)].get<double>();
            INFO("alternative " << i << " rank " << j + 1);
            CHECK(std::abs(r.rank_acceptability(i, j) - e) <= bound(e));
        }
    const auto& cw = ref["expected"]["central_weights"];
    for (Eigen::Index i = 0; i < 3; ++i)
        for (Eigen::Index k = 0; k < 2; ++k) {
            INFO("central weight " << i << "," << k);
            CHECK(std::abs(r.central_weights(i, k) - cw[static_cast<std::size_t>(i)][static_cast<std::size_t>(k)].get<double>()) <=
                  4 * r.central_weights_standard_error(i, k));
        }
    const double a_over_c = ref["expected"]["pairwise_winning_A_over_C"].get<double>();
    CHECK(std::abs(r.pairwise_winning(0, 2) - a_over_c) <= bound(a_over_c));
}
