// SMAA on what people said about the weights: a parent's local weights uniform on a polytope
// (hit-and-run inside the SMAA run), interval weights by hit-and-run when rejection would rarely
// accept, and a model's elicited answers (AHP, MACBETH, PAPRIKA, swings) read as those polytopes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "adva/analysis/elicited_smaa.hpp"
#include "adva/analysis/model_smaa.hpp"
#include "adva/analysis/smaa.hpp"
#include "adva/io/model_json.hpp"
#include "adva/io/smaa_json.hpp"
#include "adva/weights/polytope.hpp"

using namespace adva;
using nlohmann::json;
using Catch::Matchers::Contains;

namespace {

/// Three top-level leaves (columns 0, 1, 2) with their local weights known to lie in p.
smaa_weight_model flat_tree_with(const weight_polytope& p, const Eigen::VectorXd& start) {
    weight_tree tree{{-1, -1, -1}, {0, 1, 2}};
    auto m = smaa_weight_model::per_parent(tree);
    known_local_weights k;
    k.parent = -1;
    k.children = {0, 1, 2};
    k.polytope = std::make_shared<const weight_polytope>(p);
    k.start.assign(start.data(), start.data() + start.size());
    m.known.push_back(k);
    return m;
}

weight_polytope ordinal_triangle() {
    weight_polytope p(3);
    p.add_order(0, 1).add_order(1, 2);
    return p;
}

Eigen::RowVectorXd mean_of(const weight_sampler& s, std::uint64_t samples) {
    smaa_weight_block block;
    Eigen::RowVectorXd sum = Eigen::RowVectorXd::Zero(s.criteria());
    for (std::uint64_t first = 0; first < samples; first += std::uint64_t(smaa_block_size)) {
        s.sample(first, smaa_block_size, block);
        sum += block.colwise().sum();
    }
    return sum / double(samples);
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const error& e) {
        return e.what();
    }
    return "no error";
}

json minimal_document() {
    std::ifstream in(std::string(ADVA_SOURCE_DIR) + "/examples/minimal.json");
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str());
}

json& members_answer(json& doc) { return doc["functions"][0]["questions"][0]["answers"][0]; }

json category(const char* more, const char* less, const json& c) { return {{"more", more}, {"less", less}, {"category", c}}; }

/// minimal.json with the members' answer to Q1 given by MACBETH (savings > access > quality).
json with_macbeth_members() {
    json doc = minimal_document();
    json& a = members_answer(doc);
    a.erase("swing");
    a["method"] = "macbeth";
    a["macbeth"]["judgements"] = json::array({category("savings", "[all lower]", "strong"), category("access", "[all lower]", "moderate"),
                                              category("quality", "[all lower]", json::array({"very_weak", "weak"})),
                                              category("savings", "access", "weak"), category("access", "quality", "weak")});
    return doc;
}

}  // namespace

TEST_CASE("A parent's local weights known to lie in a polytope are uniform on it, the same bits on any thread count") {
    const auto model = flat_tree_with(ordinal_triangle(), Eigen::Vector3d(0.5, 0.3, 0.2));
    const weight_sampler s(model, 3, 7);
    CHECK(s.name() == "per_parent_hit_and_run");
    smaa_weight_block block;
    s.sample(0, smaa_block_size, block);
    for (Eigen::Index b = 0; b < block.rows(); ++b) {
        CHECK(block(b, 0) >= block(b, 1));
        CHECK(block(b, 1) >= block(b, 2));
        CHECK(block.row(b).sum() == Approx(1.0).margin(1e-12));
    }
    // The centroid of {w0 >= w1 >= w2} on the simplex: the mean of its vertices (1,0,0),
    // (1/2,1/2,0), (1/3,1/3,1/3). 40 960 correlated samples: within 0.01.
    const Eigen::RowVectorXd mean = mean_of(s, 20 * std::uint64_t(smaa_block_size));
    CHECK(mean[0] == Approx(11.0 / 18).margin(0.01));
    CHECK(mean[1] == Approx(5.0 / 18).margin(0.01));
    CHECK(mean[2] == Approx(2.0 / 18).margin(0.01));

    // A rejection-free exact sampler of the same set agrees: sorted uniform simplex samples.
    const weight_sampler sorted(smaa_weight_model::ordinal({1, 2, 3}), 3, 7);
    const Eigen::RowVectorXd exact = mean_of(sorted, 20 * std::uint64_t(smaa_block_size));
    CHECK((mean - exact).cwiseAbs().maxCoeff() < 0.01);

    smaa_problem p;
    p.values = (Eigen::MatrixXd(3, 3) << 80, 40, 10, 30, 90, 50, 55, 55, 60).finished();
    p.weights = model;
    smaa_options o;
    o.samples = 3 * std::uint64_t(smaa_block_size) + 100;
    o.threads = 1;
    const auto one = smaa(p, o);
    o.threads = 2;
    const auto two = smaa(p, o);
    CHECK(one.rank_acceptability == two.rank_acceptability);
    CHECK(one.central_weights == two.central_weights);
    CHECK(one.weight_sampler == "per_parent_hit_and_run");
    // The ordering favours option 0 over the uniform tree.
    p.weights = smaa_weight_model::per_parent(weight_tree{{-1, -1, -1}, {0, 1, 2}});
    const auto uniform = smaa(p, o);
    CHECK(one.rank_acceptability(0, 0) > uniform.rank_acceptability(0, 0) + 0.05);
}

TEST_CASE("Known local weights may be a fixed point; malformed known parents are refused") {
    weight_tree tree{{-1, -1, 1, 1}, {0, -1, 1, 2}};  // column 0; node 1 has columns 1 and 2
    auto m = smaa_weight_model::per_parent(tree);
    known_local_weights k;
    k.parent = 1;
    k.children = {2, 3};
    k.polytope = std::make_shared<const weight_polytope>(2);
    k.point = {0.25, 0.75};
    m.known.push_back(k);
    const weight_sampler s(m, 3, 1);
    smaa_weight_block block;
    s.sample(0, 500, block);
    for (Eigen::Index b = 0; b < block.rows(); ++b) CHECK(block(b, 2) == 3.0 * block(b, 1));

    auto broken = m;
    broken.known[0].point = {0.5, 0.6};
    CHECK_THAT(error_of([&] { weight_sampler(broken, 3, 1); }), Contains("[adva.smaa.known_point]") && Contains("/weights/known/0/point"));
    broken = m;
    broken.known[0].children = {0, 3};
    CHECK_THAT(error_of([&] { weight_sampler(broken, 3, 1); }), Contains("[adva.smaa.invalid_tree]") && Contains("/weights/known/0/children/0"));
    broken = m;
    broken.known.push_back(m.known[0]);
    CHECK_THAT(error_of([&] { weight_sampler(broken, 3, 1); }), Contains("[adva.smaa.invalid_tree]") && Contains("/weights/known/1/parent"));
    broken = m;
    broken.known[0].polytope = std::make_shared<const weight_polytope>(3);
    CHECK_THAT(error_of([&] { weight_sampler(broken, 3, 1); }), Contains("each of its 2 children"));
}

TEST_CASE("Interval weights that rejection would rarely accept are walked by hit-and-run, to the same law") {
    // Ten weights each at most 0.12: a uniform simplex point meets all ten bounds rarely.
    const std::vector<double> lower(10, 0.0), upper(10, 0.12);
    auto model = smaa_weight_model::intervals(lower, upper);
    const weight_sampler automatic(model, 10, 3);
    CHECK(automatic.name() == "hit_and_run");
    CHECK(automatic.acceptance_rate() < hit_and_run_acceptance);
    smaa_weight_block block;
    automatic.sample(0, smaa_block_size, block);
    CHECK(block.maxCoeff() <= 0.12 + 1e-12);
    CHECK(block.minCoeff() >= 0.0);

    // Wider bounds: rejection by default; forced hit-and-run gives the same means (both exact).
    auto wide = smaa_weight_model::intervals({0.0, 0.1, 0.0, 0.2}, {0.5, 0.6, 0.3, 0.9});
    const weight_sampler rejection(wide, 4, 3);
    CHECK(rejection.name() == "shifted_simplex_rejection");
    wide.interval_sampler = interval_sampling::hit_and_run;
    const weight_sampler walk(wide, 4, 3);
    CHECK(walk.name() == "hit_and_run");
    const std::uint64_t n = 20 * std::uint64_t(smaa_block_size);
    CHECK((mean_of(rejection, n) - mean_of(walk, n)).cwiseAbs().maxCoeff() < 0.01);

    // A bound pair that meets is held as an equality.
    auto pinned = smaa_weight_model::intervals({0.3, 0.0, 0.0}, {0.3, 1.0, 1.0});
    pinned.interval_sampler = interval_sampling::hit_and_run;
    weight_sampler(pinned, 3, 3).sample(0, 100, block);
    for (Eigen::Index b = 0; b < block.rows(); ++b) CHECK(block(b, 0) == Approx(0.3).margin(1e-12));

    // Bounds that leave one point (upper bounds summing to 1): every sample is that point.
    auto tight = smaa_weight_model::intervals({0.0, 0.0, 0.0}, {0.5, 0.3, 0.2});
    const weight_sampler at_upper(tight, 3, 3);
    CHECK(at_upper.name() == "hit_and_run");
    at_upper.sample(0, 50, block);
    for (Eigen::Index b = 0; b < block.rows(); ++b) CHECK(block(b, 1) == Approx(0.3).margin(1e-12));
    tight.lower = {0.5, 0.3, 0.2};
    tight.upper = {1.0, 1.0, 1.0};
    tight.interval_sampler = interval_sampling::hit_and_run;
    weight_sampler(tight, 3, 3).sample(0, 50, block);
    for (Eigen::Index b = 0; b < block.rows(); ++b) CHECK(block(b, 0) == Approx(0.5).margin(1e-12));

    // Rejection when asked for stays exact and refuses what it cannot sample.
    model.interval_sampler = interval_sampling::rejection;
    CHECK_THAT(error_of([&] { weight_sampler(model, 10, 3); }), Contains("[adva.smaa.infeasible_intervals]"));
}

TEST_CASE("SMAA on a group's MACBETH answer samples only the weights its judgements allow") {
    const appraisal m = io::model_from_json(with_macbeth_members());
    const answer& a = m.functions[0].questions[0].answers[0];
    const auto r = model_smaa_elicited(m, "members", smaa_options{4096, 5, 0});
    CHECK(r.weights_name == "elicited");
    CHECK(r.weights_group == "members");
    REQUIRE(r.elicited.size() == 1);
    CHECK(r.elicited[0].parent.empty());
    CHECK_THAT(r.elicited[0].source, Contains("MACBETH") && Contains("\"Q1\""));
    CHECK(r.elicited[0].dimension == 2);
    CHECK(r.elicited[0].burn_in == default_hit_and_run_burn_in(2));
    CHECK(r.smaa.weight_sampler == "per_parent_hit_and_run");

    // Every sampled weight vector lies within the recorded ranges and keeps the judged order.
    const weight_sampler s(r.problem.weights, Eigen::Index(r.criteria.size()), 5);
    smaa_weight_block block;
    s.sample(0, smaa_block_size, block);
    REQUIRE(r.criteria == std::vector<std::string>{"access", "quality", "savings"});
    Eigen::RowVectorXd low = block.colwise().minCoeff(), high = block.colwise().maxCoeff();
    for (Eigen::Index k = 0; k < 3; ++k) {
        const auto range = a.elicited.outcome.weight_ranges.at(r.criteria[std::size_t(k)]);
        CHECK(low[k] >= range.first - 1e-9);
        CHECK(high[k] <= range.second + 1e-9);
        CHECK(high[k] - low[k] > 0.2 * (range.second - range.first));  // the walk spreads over the ranges
    }
    for (Eigen::Index b = 0; b < block.rows(); ++b) {
        CHECK(block(b, 2) >= block(b, 0));
        CHECK(block(b, 0) >= block(b, 1));
    }

    // The users typed swings: their ratios are fixed, so every sample is their weights.
    const auto users = model_smaa_elicited(m, "users", smaa_options{2048, 5, 0});
    REQUIRE(users.elicited.size() == 1);
    CHECK(users.elicited[0].dimension == 0);
    const weight_sampler fixed(users.problem.weights, 3, 5);
    fixed.sample(0, 100, block);
    for (Eigen::Index b = 0; b < block.rows(); ++b) {
        CHECK(block(b, 0) == Approx(100.0 / 190).margin(1e-12));
        CHECK(block(b, 2) == Approx(30.0 / 190).margin(1e-12));
    }
}

TEST_CASE("SMAA on an AHP panel's answer: each ratio within the judges' direct and indirect ratios") {
    json doc = minimal_document();
    json& a = members_answer(doc);
    a.erase("swing");
    a["method"] = "ahp";
    a["ahp"]["judges"] = json::array(
        {{{"by", "one"}, {"judgements", json::array({{{"more", "savings"}, {"less", "access"}, {"ratio", 2}},
                                                     {{"more", "savings"}, {"less", "quality"}, {"ratio", 4}},
                                                     {{"more", "access"}, {"less", "quality"}, {"ratio", 2}}})}},
         {{"by", "two"}, {"judgements", json::array({{{"more", "savings"}, {"less", "access"}, {"ratio", 3}},
                                                     {{"more", "savings"}, {"less", "quality"}, {"ratio", 5}},
                                                     {{"more", "access"}, {"less", "quality"}, {"ratio", 2}}})}}});
    const appraisal m = io::model_from_json(doc);
    const auto& swing = m.functions[0].questions[0].answers[0].swing;
    const auto r = model_smaa_elicited(m, "members", smaa_options{2048, 1, 0});
    REQUIRE(r.elicited.size() == 1);
    CHECK_THAT(r.elicited[0].source, Contains("AHP"));
    CHECK(r.elicited[0].dimension == 2);
    const weight_sampler s(r.problem.weights, 3, 1);
    smaa_weight_block block;
    s.sample(0, smaa_block_size, block);
    // Columns: access, quality, savings. Judge one is consistent (2, 4, 2); judge two says
    // savings/access 3 directly, 5/2 through quality; savings/quality 5 directly, 6 through access;
    // access/quality 2 directly, 5/3 through savings.
    const auto within = [](double x, double a, double b) { return x >= std::min(a, b) * (1 - 1e-9) && x <= std::max(a, b) * (1 + 1e-9); };
    const double savings_access = swing.at("savings") / swing.at("access"), access_quality = swing.at("access") / swing.at("quality"),
                 savings_quality = swing.at("savings") / swing.at("quality");
    Eigen::Index spread = 0;
    for (Eigen::Index b = 0; b < block.rows(); ++b) {
        CHECK(within(block(b, 2) / block(b, 0), std::min(2.0, savings_access), std::max(3.0, savings_access)));
        CHECK(within(block(b, 0) / block(b, 1), std::min(5.0 / 3, access_quality), std::max(2.0, access_quality)));
        CHECK(within(block(b, 2) / block(b, 1), std::min(4.0, savings_quality), std::max(6.0, savings_quality)));
        spread += block(b, 2) / block(b, 0) > 2.5 ? 1 : 0;
    }
    CHECK(spread > 100);  // the walk reaches the upper half of the judges' span
    CHECK(spread < block.rows() - 100);
    // Both judges consistent and agreeing: the weights are fixed.
    json agreed = doc;
    agreed["functions"][0]["questions"][0]["answers"][0]["ahp"]["judges"][1] = agreed["functions"][0]["questions"][0]["answers"][0]["ahp"]["judges"][0];
    agreed["functions"][0]["questions"][0]["answers"][0]["ahp"]["judges"][1]["by"] = "two";
    const auto fixed = model_smaa_elicited(io::model_from_json(agreed), "members", smaa_options{2048, 1, 0});
    CHECK(fixed.elicited[0].dimension == 0);
}

TEST_CASE("Whose answers: named, the lead group, or the one that answered") {
    const appraisal m = io::model_from_json(minimal_document());
    CHECK_THAT(error_of([&] { (void)model_smaa_elicited(m, ""); }), Contains("[adva.smaa.group]") && Contains("\"members\", \"users\""));
    CHECK_THAT(error_of([&] { (void)model_smaa_elicited(m, "council"); }), Contains("[adva.smaa.unknown_group]") && Contains("--group"));
    json lead = minimal_document();
    lead["consensus"] = {{"method", "lead_group"}, {"lead_group", "users"}};
    CHECK(elicited_weights_group(io::model_from_json(lead), "") == "users");

}

TEST_CASE("SMAA on one inconsistent AHP judge: the inconsistency opens the set") {
    json doc = minimal_document();
    json& a = members_answer(doc);
    a.erase("swing");
    a["method"] = "ahp";
    a["ahp"]["judges"] = json::array({{{"by", "one"}, {"judgements", json::array({{{"more", "savings"}, {"less", "access"}, {"ratio", 2}},
                                                                                {{"more", "savings"}, {"less", "quality"}, {"ratio", 3}},
                                                                                {{"more", "access"}, {"less", "quality"}, {"ratio", 4}}})}}});
    const appraisal m = io::model_from_json(doc);
    const auto r = model_smaa_elicited(m, "members", smaa_options{2048, 1, 0});
    REQUIRE(r.elicited.size() == 1);
    INFO(r.elicited[0].source);
    CHECK(r.elicited[0].dimension == 2);
    const weight_sampler s(r.problem.weights, 3, 1);
    smaa_weight_block block;
    s.sample(0, smaa_block_size, block);
    const Eigen::RowVectorXd low = block.colwise().minCoeff(), high = block.colwise().maxCoeff();
    CHECK((high - low).minCoeff() > 0.05);
    CHECK_THAT(r.elicited[0].source, !Contains("pinned"));
}

TEST_CASE("A matrix document names its interval sampler") {
    json doc = {{"matrix", {{60, 20, 40}, {30, 70, 50}}},
                {"weights", {{"information", "intervals"}, {"lower", {0.0, 0.1, 0.0}}, {"upper", {0.6, 0.6, 0.5}}, {"sampler", "hit_and_run"}}}};
    CHECK(io::smaa_problem_from_json(doc).weights.interval_sampler == interval_sampling::hit_and_run);
    CHECK(io::smaa_json(doc, smaa_options{3000, 2, 0})["weight_sampler"] == "hit_and_run");
    doc["weights"]["sampler"] = "rejection";
    CHECK(io::smaa_json(doc, smaa_options{3000, 2, 0})["weight_sampler"] == "shifted_simplex_rejection");
    doc["weights"].erase("sampler");
    CHECK(io::smaa_problem_from_json(doc).weights.interval_sampler == interval_sampling::automatic);
    doc["weights"]["sampler"] = "gibbs";
    CHECK_THAT(error_of([&] { (void)io::smaa_problem_from_json(doc); }), Contains("[adva.json.unknown_name]") && Contains("/weights/sampler"));
}
