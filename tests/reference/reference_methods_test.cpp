// Every published reference case for the aggregation and weighting methods: one data file per case
// in tests/reference/, each carrying its source, the published values and a "methods_check" block
// that names the convention and says how to run it. Strings "$/a/b" inside that block are JSON
// pointers into the same file, so the published numbers are stated once, as published.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "adva/io/matrix_json.hpp"
#include "adva/methods/decision_matrix.hpp"
#include "adva/weights/ahp.hpp"

using nlohmann::json;

namespace {

json resolve(const json& v, const json& file) {
    if (v.is_string()) {
        const auto s = v.get<std::string>();
        if (s.rfind("$/", 0) == 0) return file.at(json::json_pointer(s.substr(1)));
        return v;
    }
    if (v.is_array()) {
        json a = json::array();
        for (const auto& e : v) a.push_back(resolve(e, file));
        return a;
    }
    if (v.is_object()) {
        json o = json::object();
        for (auto it = v.begin(); it != v.end(); ++it) o[it.key()] = resolve(it.value(), file);
        return o;
    }
    return v;
}

Eigen::MatrixXd to_matrix(const json& a) {
    Eigen::MatrixXd m(Eigen::Index(a.size()), Eigen::Index(a.at(0).size()));
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = 0; j < a[i].size(); ++j) m(Eigen::Index(i), Eigen::Index(j)) = a[i][j].get<double>();
    return m;
}
json to_json(const Eigen::VectorXd& v) { return json(std::vector<double>(v.data(), v.data() + v.size())); }

/// A two-level AHP hierarchy (criteria, then alternatives under each criterion).
json run_ahp_hierarchy(const json& in) {
    adva::ahp_parameters p;
    p.priority = *adva::parse_ahp_priority(in.at("priority").get<std::string>());
    p.random_index = *adva::parse_random_index_table(in.at("random_index").get<std::string>());
    const auto crit = adva::ahp(to_matrix(in.at("criteria_pairwise")), p);
    const auto& alt = in.at("alternative_pairwise");
    Eigen::MatrixXd local(Eigen::Index(alt.at(0).size()), crit.weights.size());
    json out{{"criteria_weights", to_json(crit.weights)}, {"criteria_cr", crit.cr}};
    for (std::size_t k = 0; k < alt.size(); ++k) {
        const auto r = adva::ahp(to_matrix(alt[k]), p);
        local.col(Eigen::Index(k)) = r.weights;
        out["local"].push_back(to_json(r.weights));
        out["local_cr"].push_back(r.cr);
        out["global"].push_back(to_json(crit.weights[Eigen::Index(k)] * r.weights));
    }
    out["target"] = to_json(adva::synthesise(crit.weights, local));
    return out;
}

void compare(const json& got, const json& expected, double tol, const std::string& what) {
    INFO(what << ": got " << got.dump() << ", expected " << expected.dump() << " (tolerance " << tol << ")");
    if (expected.is_boolean()) {
        REQUIRE(got == expected);
    } else if (expected.is_number()) {
        REQUIRE(got.is_number());
        CHECK(std::abs(got.get<double>() - expected.get<double>()) <= tol);
    } else {
        REQUIRE(expected.is_array());
        REQUIRE(got.is_array());
        REQUIRE(got.size() == expected.size());
        for (std::size_t i = 0; i < got.size(); ++i) compare(got[i], expected[i], tol, what + "/" + std::to_string(i));
    }
}

}  // namespace

TEST_CASE("published reference cases for methods and weights", "[reference]") {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(ADVA_REFERENCE_DIR))
        if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    int cases = 0, runs = 0, comparisons = 0;
    for (const auto& path : files) {
        std::ifstream f(path);
        const json file = json::parse(f);
        if (!file.contains("methods_check")) continue;  // another area's reference case
        ++cases;
        const json& check = file.at("methods_check");
        REQUIRE_FALSE(check.at("convention").get<std::string>().empty());
        REQUIRE(file.contains("source"));  // attribution is part of every case
        for (const auto& run : check.at("runs")) {
            ++runs;
            const std::string label = path.filename().string() + (run.contains("name") ? " [" + run["name"].get<std::string>() + "]" : "");
            SECTION(label) {
                const json input = resolve(run.at("input"), file);
                const std::string mode = run.at("mode");
                json out;
                if (mode == "evaluate") out = adva::io::evaluate_decision_json(input);
                else if (mode == "weights") out = adva::io::weights_json(input);
                else if (mode == "ahp_hierarchy") out = run_ahp_hierarchy(input);
                else FAIL("unknown mode " << mode);
                for (const auto& c : run.at("compare")) {
                    ++comparisons;
                    json got = out.at(json::json_pointer(c.at("output").get<std::string>()));
                    json expected = resolve(c.at("expected"), file);
                    if (c.contains("keys")) {  // published as {label: value}: order by our labels
                        json a = json::array();
                        for (const auto& k : c["keys"]) a.push_back(expected.at(k.get<std::string>()));
                        expected = a;
                    }
                    if (c.value("as", "") == "ranking") {
                        Eigen::VectorXd v(Eigen::Index(got.size()));
                        for (std::size_t i = 0; i < got.size(); ++i) v[Eigen::Index(i)] = got[i].get<double>();
                        got = adva::competition_ranking(v, adva::rank_order::higher_is_better);
                    }
                    const double tol = c.contains("tolerance") ? resolve(c["tolerance"], file).get<double>() : 0.0;
                    compare(got, expected, tol, label + " " + c.at("output").get<std::string>());
                }
            }
        }
    }
    // Guards against a silently empty run (e.g. a wrong directory): every copied case is present.
    CHECK(cases >= 18);
    CHECK(runs >= 32);
}
