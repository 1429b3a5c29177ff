// The improvement section in model files: sequenced options ("A, then B from year k") read, written
// and checked; and trajectory-derived criteria, leaves whose performance level is a measure of each
// option's trajectory. Their scores are derived when the model is read (never typed, written or
// recorded), enter the appraisal through the leaf's value function, screen options through
// threshold gates, and are drawn jointly with the trajectories in SMAA.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "adva/analysis/appraise.hpp"
#include "adva/analysis/model_smaa.hpp"
#include "adva/analysis/trajectory.hpp"
#include "adva/io/model_json.hpp"

using namespace adva;
using nlohmann::json;

namespace {

/// The embedded model, unlocked, with leaf `leaf` derived from `measure` through a linear value
/// function over [lower, upper] (its typed scores removed).
json derived_document(const std::string& leaf, const std::string& measure, double lower, double upper) {
    json doc = io::model_to_json(io::default_model());
    doc.erase("governance");
    for (auto& c : doc["criteria"])
        if (c["id"] == leaf) {
            c["trajectory_measure"] = measure;
            c["value_function"] = {{"kind", "linear"}, {"lower", lower}, {"upper", upper}};
        }
    for (auto& o : doc["options"]) o["scores"].erase(leaf);
    return doc;
}

std::size_t criterion_position(const json& doc, const std::string& id) {
    for (std::size_t k = 0; k < doc["criteria"].size(); ++k)
        if (doc["criteria"][k]["id"] == id) return k;
    FAIL("no criterion " << id);
    return 0;
}

/// Equal element by element, NaN (an undefined entry) equal to NaN.
bool same(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
    for (Eigen::Index k = 0; k < a.size(); ++k)
        if (!(a.data()[k] == b.data()[k] || (std::isnan(a.data()[k]) && std::isnan(b.data()[k])))) return false;
    return true;
}

void fails_with(const json& doc, const std::string& id, const std::string& where) {
    try {
        (void)io::model_from_json(doc);
        FAIL("no error at " << where);
    } catch (const invalid_input& e) {
        CHECK(e.id() == id);
        CHECK(e.where() == where);
    }
}

}  // namespace

TEST_CASE("a sequenced option is read, written with the framing, and checked", "[trajectory][model]") {
    json doc = io::model_to_json(io::default_model());
    doc.erase("governance");
    const json sequence = {{"sequence", {{{"option", "O1"}, {"from", 0.0}}, {{"option", "O4"}, {"from", 2.0}}}}};
    doc["improvement"]["transitions"]["O8"] = sequence;
    const appraisal m = io::model_from_json(doc);
    const option_trajectory* t = find_trajectory(m.improvement->transitions, "O8");
    REQUIRE(t);
    CHECK_FALSE(t->change);
    CHECK(t->sequence == std::vector<sequence_step>{{"O1", 0.0}, {"O4", 2.0}});
    CHECK(io::model_to_json(m)["improvement"]["transitions"]["O8"] == sequence);
    CHECK(io::framing_to_json(m)["improvement"]["transitions"]["O8"] == sequence);
    CHECK(io::model_from_json(io::model_to_json(m)) == m);

    json bad = doc;
    bad["improvement"]["transitions"]["O8"]["sequence"][1]["option"] = "O99";
    fails_with(bad, "adva.model.unknown_id", "/improvement/transitions/O8/sequence/1/option");
    bad = doc;
    bad["improvement"]["transitions"]["O8"]["start"] = 1.0;  // a sequence is not also a transition
    CHECK_THROWS_AS(io::model_from_json(bad), invalid_input);
    bad = doc;
    bad["improvement"]["transitions"]["O8"]["sequence"][1]["from"] = -1.0;
    fails_with(bad, "adva.trajectory.out_of_range", "/improvement/transitions/O8/sequence/1/from");
}

TEST_CASE("a trajectory-derived criterion takes each option's measure as its score", "[trajectory][model]") {
    const appraisal m = io::model_from_json(derived_document("SF_improvement", "at_target", 0.0, 1.0));
    trajectory_options o;  // the model's criteria sampling is the default: 10 000 samples, seed 1
    const auto measures = trajectory_analysis(m, o);
    bool some_uncertain = false;
    for (std::size_t k = 0; k < m.options.size(); ++k) {
        const score& s = m.options[k].scores.at("SF_improvement");
        CHECK(s.kind == uncertainty::point);
        CHECK(s.value == measures[k].at_target.value);
        CHECK_THAT(s.rationale, Catch::StartsWith("derived: at_target"));
        some_uncertain = some_uncertain || !measures[k].exact;
    }
    CHECK(some_uncertain);

    // Through the leaf's value function into the appraisal: 100 x the probability.
    const appraisal_result r = appraise(m);
    const Eigen::Index leaf = Eigen::Index(*m.criterion_index("SF_improvement"));
    for (std::size_t k = 0; k < m.options.size(); ++k)
        if (r.screening[k].shortlisted) CHECK(r.values(Eigen::Index(k), leaf) == Approx(100.0 * measures[k].at_target.value).margin(1e-12));

    // Never written: a saved model derives them again, to the same bits.
    const json written = io::model_to_json(m);
    for (const auto& opt : written["options"]) CHECK_FALSE(opt["scores"].contains("SF_improvement"));
    CHECK(io::model_from_json(written) == m);
}

TEST_CASE("the criteria sampling of the improvement section fixes the derived scores", "[trajectory][model]") {
    json doc = derived_document("SF_improvement", "time_to_target", 0.0, 10.0);
    const appraisal base = io::model_from_json(doc);
    doc["improvement"]["criteria_sampling"] = {{"samples", 2000}, {"seed", 9}};
    const appraisal other = io::model_from_json(doc);
    trajectory_options o;
    o.samples = 2000;
    o.seed = 9;
    const auto measures = trajectory_analysis(other, o);
    bool differs = false;
    for (std::size_t k = 0; k < other.options.size(); ++k) {
        CHECK(other.options[k].scores.at("SF_improvement").value == measures[k].time_to_target.value);
        differs = differs || other.options[k].scores.at("SF_improvement").value != base.options[k].scores.at("SF_improvement").value;
    }
    CHECK(differs);
    const json written = io::model_to_json(other);
    CHECK(written["improvement"]["criteria_sampling"] == json{{"samples", 2000}, {"seed", 9}});
    CHECK_FALSE(io::model_to_json(base)["improvement"].contains("criteria_sampling"));  // the default is left out
    CHECK(io::model_from_json(written) == other);
}

TEST_CASE("trajectory-derived criteria: every rule names the place", "[trajectory][model]") {
    const json good = derived_document("SF_improvement", "at_target", 0.0, 1.0);
    const std::string leaf = "/criteria/" + std::to_string(criterion_position(good, "SF_improvement"));

    json doc = good;
    doc["options"][0]["scores"]["SF_improvement"] = 0.5;  // typed by hand
    fails_with(doc, "adva.trajectory.criterion", "/options/0/scores/SF_improvement");

    doc = good;
    doc["criteria"][criterion_position(good, "SF")]["trajectory_measure"] = "at_target";  // not a leaf
    fails_with(doc, "adva.trajectory.criterion", "/criteria/" + std::to_string(criterion_position(good, "SF")) + "/trajectory_measure");

    doc = good;
    doc["criteria"][criterion_position(good, "SF_improvement")]["trajectory_measure"] = "at_targett";
    fails_with(doc, "adva.trajectory.criterion", leaf + "/trajectory_measure");

    doc = derived_document("SF_improvement", "at_target", 0.0, 0.5);  // the domain misses probabilities above 0.5
    fails_with(doc, "adva.trajectory.criterion", leaf + "/value_function");

    doc = derived_document("SF_improvement", "dip_depth", 0.0, 50.0);  // depths run to the scale's width, 100
    fails_with(doc, "adva.trajectory.criterion", leaf + "/value_function");

    doc = good;
    doc.erase("improvement");
    fails_with(doc, "adva.trajectory.criterion", leaf + "/trajectory_measure");

    doc = good;
    doc["improvement"]["criteria_sampling"] = {{"samples", 0}};
    fails_with(doc, "adva.trajectory.samples", "/improvement/criteria_sampling/samples");

    // Reading stays quick: 10^6 criteria samples of 28 options with uncertain transitions is refused
    // before any is drawn.
    doc = good;
    for (int k = 0; k < 21; ++k) {
        json copy = doc["options"][5];  // O6, the trust
        copy["id"] = "T" + std::to_string(k);
        copy.erase("business_as_usual");
        copy.erase("do_minimum");
        doc["options"].push_back(copy);
        doc["improvement"]["transitions"][copy["id"].get<std::string>()] = doc["improvement"]["transitions"]["O6"];
    }
    doc["improvement"]["criteria_sampling"] = {{"samples", 1'000'000}};
    fails_with(doc, "adva.trajectory.samples", "/improvement/criteria_sampling/samples");

    // A score recorded or imported for it is refused as well.
    const appraisal m = io::model_from_json(good);
    CHECK_THROWS_WITH(validate_score(m.criteria[*m.criterion_index("SF_improvement")], score{.value = 0.5}, "/options/0/scores/SF_improvement"),
                      Catch::Contains("come from the model's trajectories"));
}

TEST_CASE("a threshold gate screens on a trajectory-derived criterion", "[trajectory][model]") {
    // "P(requires improvement by the target year) >= 0.6": the value on a linear 0-1 scale is at least 60.
    json doc = derived_document("SF_improvement", "at_target", 0.0, 1.0);
    doc["gates"].push_back({{"id", "G_target"}, {"name", "Likely to reach the target grade"}, {"kind", "threshold"},
                            {"criterion", "SF_improvement"}, {"op", "greater_equal"}, {"threshold", 60.0}});
    const appraisal m = io::model_from_json(doc);
    const auto measures = trajectory_analysis(m, {});
    const appraisal_result r = appraise(m);
    bool some_fail = false, some_pass = false;
    for (std::size_t k = 0; k < m.options.size(); ++k)
        for (const auto& g : r.screening[k].gates)
            if (g.gate == "G_target") {
                const bool meets = measures[k].at_target.value >= 0.6;
                CHECK((g.status == gate_status::pass) == meets);
                (meets ? some_pass : some_fail) = true;
            }
    CHECK(some_fail);
    CHECK(some_pass);
}

TEST_CASE("SMAA draws trajectory-derived criteria jointly with the trajectories", "[trajectory][smaa]") {
    // Two derived leaves of one option come from the same sampled trajectory in each sample.
    json doc = derived_document("SF_improvement", "discounted_level", 0.0, 100.0);
    for (auto& c : doc["criteria"])
        if (c["id"] == "ACH_transition") {
            c["trajectory_measure"] = "dip_depth";
            c["direction"] = "lower_is_better";
            c["value_function"] = {{"kind", "linear"}, {"lower", 0.0}, {"upper", 100.0}};
        }
    for (auto& o : doc["options"]) o["scores"].erase("ACH_transition");
    const appraisal m = io::model_from_json(doc);
    const appraisal_result r = appraise(m);
    const model_smaa_result problem = model_smaa_problem(m, r);
    REQUIRE(problem.problem.joint);
    const auto& joint = *problem.problem.joint;
    const std::size_t options = problem.options.size();
    // Per option, in the model's leaf order: SF_improvement, the model's own SF_sustaining, ACH_transition.
    REQUIRE(joint.cells.size() == 3 * options);

    const std::uint64_t seed = 5, first = 100;
    const Eigen::Index n = 64;
    Eigen::MatrixXd block(n, Eigen::Index(joint.cells.size()));
    joint.fill(seed, first, n, 1, block);
    const improvement_settings& s = *m.improvement;
    const double threshold = s.scale.grades[*target_grade_index(s)].from, rho = std::log1p(s.discount_rate);
    const auto key = detail::route_sampler::key(seed);
    const auto sustaining = [](double level) { return std::clamp((level - 30.0) / 40.0, 0.0, 1.0) * 100.0; };  // its value function
    bool varies = false;
    for (std::size_t i = 0; i < options; ++i) {
        const detail::route_sampler sampler(s, problem.options[i], 1);
        for (Eigen::Index b = 0; b < n; ++b) {
            const detail::trajectory_path path(s.scale, s.plan, sampler.at(first + std::uint64_t(b), detail::trajectory_stream, key));
            const auto v = detail::path_measures(path, s, threshold, rho);
            CHECK(block(b, Eigen::Index(3 * i)) == Approx(v[6]).epsilon(1e-12));                 // discounted level, 0-100 as is
            CHECK(block(b, Eigen::Index(3 * i + 1)) == Approx(sustaining(v[6])).margin(1e-9));  // the same level, its own function
            CHECK(block(b, Eigen::Index(3 * i + 2)) == Approx(100.0 - v[4]).epsilon(1e-12));     // dip depth, lower is better
        }
        varies = varies || block.col(Eigen::Index(3 * i)).maxCoeff() > block.col(Eigen::Index(3 * i)).minCoeff();
    }
    CHECK(varies);
    // Pass 2 (the confidence factors) draws other trajectories.
    Eigen::MatrixXd second(n, Eigen::Index(joint.cells.size()));
    joint.fill(seed, first, n, 2, second);
    CHECK(second != block);

    // The same seed gives the same SMAA on any thread count; the derived leaves move the result.
    smaa_options o;
    o.samples = 20'000;
    o.seed = seed;
    o.threads = 1;
    const auto one = model_smaa(m, r, o);
    o.threads = 2;
    const auto two = model_smaa(m, r, o);
    CHECK(one.smaa.rank_acceptability == two.smaa.rank_acceptability);
    CHECK(same(one.smaa.central_weights, two.smaa.central_weights));
    CHECK(same(one.smaa.confidence_factors, two.smaa.confidence_factors));
    model_smaa_result without = problem;
    without.problem.joint.reset();
    CHECK(smaa(without.problem, o).rank_acceptability != one.smaa.rank_acceptability);
}
