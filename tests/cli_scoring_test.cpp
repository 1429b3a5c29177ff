// Scoring by a panel end to end (docs/scoring.md): adva criteria, adva scoresheet and adva
// import-scores run through the shell, the sheet edited as a panel would.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "adva/io/model_json.hpp"
#include "adva/io/scoring_sheet.hpp"
#include "cli_test_support.hpp"

namespace fs = std::filesystem;

namespace {

using adva::testing::read_text;
using adva::testing::run_result;

void write_text(const fs::path& p, const std::string& text) {
    std::ofstream f(p, std::ios::binary);
    f << text;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct scratch {
    fs::path dir;
    scratch() {
        static int n = 0;
        dir = fs::temp_directory_path() / ("adva_cli_scoring_test_" + std::to_string(::getpid()) + "_" + std::to_string(++n));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~scratch() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    std::string operator/(const std::string& name) const { return (dir / name).string(); }
    run_result adva(const std::vector<std::string>& args) const {
        std::string arguments;
        for (const auto& a : args) arguments += " " + adva::testing::shell_quote(a);
        return adva::testing::run_adva(arguments, dir);
    }
};

const std::string minimal = std::string(ADVA_SOURCE_DIR) + "/examples/minimal.json";

/// The sheet's rows (header first) and the position of a column.
struct sheet {
    adva::io::sheet_table table;
    explicit sheet(const std::string& path) : table(adva::io::parse_csv(read_text(path), path)) {}
    std::size_t col(const std::string& name) const {
        const auto& h = table.rows.front();
        return std::size_t(std::find(h.begin(), h.end(), name) - h.begin());
    }
    /// The row of (option, criterion).
    std::vector<std::string>& row(const std::string& option, const std::string& criterion) {
        for (auto& r : table.rows)
            if (r[col("option")] == option && r[col("criterion")] == criterion) return r;
        FAIL("no row " << option << " / " << criterion);
        return table.rows.front();
    }
    void set(const std::string& option, const std::string& criterion, const std::string& column, const std::string& value) {
        row(option, criterion)[col(column)] = value;
    }
    void save(const std::string& path) const { write_text(path, adva::io::sheet_to_csv(table)); }
};

/// The line of the file the row of (option, criterion) is on (1-based; the header is line 1).
std::string line_of(sheet& s, const std::string& option, const std::string& criterion) {
    for (std::size_t r = 0; r < s.table.rows.size(); ++r)
        if (s.table.rows[r][s.col("option")] == option && s.table.rows[r][s.col("criterion")] == criterion)
            return std::to_string(r + 1);
    return "?";
}

nlohmann::json scores_of(const std::string& model_path) {
    nlohmann::json out;
    const auto doc = nlohmann::json::parse(read_text(model_path));
    for (const auto& o : doc["options"]) out[o["id"].get<std::string>()] = o.value("scores", nlohmann::json::object());
    return out;
}

}  // namespace

TEST_CASE("criteria tells an analyst what to enter: units, domains, anchors, value functions", "[cli][scoring]") {
    scratch s;
    const auto table = s.adva({"criteria"});
    REQUIRE(table.status == 0);
    CHECK(contains(table.out, "ACH_time"));
    CHECK(contains(table.out, "[6, 36] months"));                      // piecewise linear: first to last breakpoint
    CHECK(contains(table.out, "the measured level in months, from 6 to 36 (lower is better)"));  // its breakpoints fall
    CHECK(contains(table.out, "[0, 40] % of posts"));                  // linear
    CHECK(contains(table.out, "[0, 100] points"));                     // a direct 0-100 score
    CHECK(contains(table.out, "piecewise linear (months): 6 \u2192 100"));  // the report's wording
    CHECK(contains(table.out, "refused (adva.model.out_of_scale)"));
    CHECK(contains(table.out, "critical success factor"));

    const auto json = s.adva({"criteria", "--format", "json"});
    REQUIRE(json.status == 0);
    const auto guides = nlohmann::json::parse(json.out);
    double total = 0;
    bool saw_agency = false;
    for (const auto& g : guides) {
        total += g["weight"].get<double>();
        CHECK_FALSE(g["anchor_low"].get<std::string>().empty());
        CHECK_FALSE(g["enter"].get<std::string>().empty());
        if (g["id"] == "CAP_agency") {
            saw_agency = true;
            CHECK(g["unit"] == "% of posts");
            CHECK(g["direction"] == "lower is better");
            CHECK(g["domain"] == nlohmann::json::array({0.0, 40.0}));
            CHECK_FALSE(g["parents"].empty());
        }
    }
    CHECK(saw_agency);
    CHECK(total == Approx(1.0));
    // The direction shown is the value function's: a falling piecewise-linear function is "lower is
    // better" whatever the criterion's (unused) preference field says.
    for (const auto& g : guides)
        if (g["id"] == "CAP_caseload" || g["id"] == "ACH_time") CHECK(g["direction"] == "lower is better");

    const auto csv = s.adva({"criteria", minimal, "--format", "csv"});
    REQUIRE(csv.status == 0);
    const auto rows = adva::io::parse_csv(csv.out, "stdout").rows;
    REQUIRE(rows.size() == 4);  // header and three leaves
    CHECK(rows[0][0] == "id");
    CHECK(rows[1][0] == "access");
    CHECK(contains(csv.out, "Every hour kept"));

    const auto md = s.adva({"criteria", minimal, "--format", "markdown", "--group", "users"});
    REQUIRE(md.status == 0);
    CHECK(contains(md.out, "| id | criterion |"));

    const auto group = s.adva({"criteria", minimal, "--group", "usres"});
    CHECK(group.status == 2);
    CHECK(contains(group.err, "adva.cli.unknown_group"));
    CHECK(contains(group.err, "known, closest first: users"));
}

TEST_CASE("scoresheet then import-scores gives the same scores", "[cli][scoring]") {
    scratch s;
    const auto written = s.adva({"scoresheet", minimal, "--out", s / "sheet.csv"});
    REQUIRE(written.status == 0);
    sheet sh(s / "sheet.csv");
    REQUIRE(sh.table.rows.size() == 1 + 3 * 3);  // every option x every leaf
    CHECK(sh.row("B", "quality")[sh.col("distribution")] == "triangular");
    CHECK(sh.row("B", "quality")[sh.col("value")] == "70");
    CHECK(sh.row("B", "quality")[sh.col("low")] == "50");
    CHECK(sh.row("A", "access")[sh.col("anchor_100")] == "Every hour kept");
    CHECK(sh.row("A", "access")[sh.col("domain")] == "[0, 100] points");
    // C fails the statutory-duty gate: still on the sheet, marked.
    CHECK(contains(sh.row("C", "access")[sh.col("screening")], "discounted"));
    CHECK(sh.row("A", "access")[sh.col("screening")] == "short list");

    // The same sheet into the model it came from changes nothing.
    const auto same = s.adva({"import-scores", minimal, "--from", s / "sheet.csv", "--by", "Panel", "--rationale", "Round trip",
                              "--out", s / "same.json"});
    REQUIRE(same.status == 0);
    CHECK(contains(same.out, "no score changed"));
    CHECK(scores_of(s / "same.json") == scores_of(minimal));

    // Into the model without scores: every score comes back, rationale included.
    auto doc = nlohmann::json::parse(read_text(minimal));
    for (auto& o : doc["options"]) o.erase("scores");
    write_text(s / "unscored.json", doc.dump(2));
    write_text(s / "none.json", doc.dump(2));
    const auto back = s.adva({"import-scores", s / "unscored.json", "--from", s / "sheet.csv", "--by", "Panel", "--rationale",
                              "Round trip"});
    REQUIRE(back.status == 0);
    CHECK(contains(back.out, "wrote " + s / "unscored.json"));
    CHECK(scores_of(s / "unscored.json") == scores_of(minimal));

    // The sheet of an unscored model is blank, and importing it leaves the model unscored.
    REQUIRE(s.adva({"scoresheet", s / "none.json", "--out", s / "blank.csv"}).status == 0);
    sheet blank(s / "blank.csv");
    CHECK(blank.row("A", "access")[blank.col("value")].empty());
    CHECK(blank.row("A", "access")[blank.col("distribution")].empty());
    const auto nothing = s.adva({"import-scores", s / "none.json", "--from", s / "blank.csv", "--by", "Panel", "--rationale", "Blank"});
    REQUIRE(nothing.status == 0);
    CHECK(contains(nothing.out, "no score changed"));
}

TEST_CASE("import-scores after lock records one audit entry per scorer", "[cli][scoring][governance]") {
    scratch s;
    const std::string model = s / "model.json";
    fs::copy_file(minimal, model);
    REQUIRE(s.adva({"lock", model, "--by", "Options board", "--at", "2026-03-01T10:00:00Z"}).status == 0);
    REQUIRE(s.adva({"scoresheet", model, "--out", s / "sheet.csv"}).status == 0);
    sheet sh(s / "sheet.csv");
    sh.set("A", "access", "value", "90");
    sh.set("A", "access", "rationale", "Two branches lose Saturday hours.");
    sh.set("A", "access", "scored_by", "Access panel");
    sh.set("B", "quality", "distribution", "pert");
    sh.set("B", "quality", "value", "65");
    sh.set("B", "quality", "scored_by", "Quality panel");
    sh.save(s / "sheet.csv");

    const auto imported = s.adva({"import-scores", model, "--from", s / "sheet.csv", "--by", "Scoring lead", "--rationale",
                                  "Panel workshop", "--at", "2026-03-05T10:00:00Z"});
    REQUIRE(imported.status == 0);
    CHECK(contains(imported.out, "2 audit entries recorded"));
    const auto doc = nlohmann::json::parse(read_text(model));
    const auto& audit = doc["governance"]["audit"];
    REQUIRE(audit.size() == 3);  // lock, then one entry per scorer
    CHECK(audit[1]["action"] == "score");
    CHECK(audit[1]["by"] == "Access panel");
    CHECK(audit[1]["reason"] == "Panel workshop");
    CHECK(audit[2]["by"] == "Quality panel");
    CHECK(doc["options"][0]["scores"]["access"]["rationale"] == "Two branches lose Saturday hours.");
    CHECK(doc["options"][1]["scores"]["quality"]["distribution"] == "pert");
    CHECK(doc["options"][1]["scores"]["quality"]["rationale"] == "Depends on the staff's take-up.");  // the row's own
    CHECK(s.adva({"verify", model}).status == 0);

    // The next sheet shows who recorded each score, and reads back without a change.
    REQUIRE(s.adva({"scoresheet", model, "--out", s / "again.csv"}).status == 0);
    sheet again(s / "again.csv");
    CHECK(again.row("A", "access")[again.col("scored_by")] == "Access panel");
    const auto unchanged = s.adva({"import-scores", model, "--from", s / "again.csv", "--by", "Scoring lead", "--rationale",
                                   "Check", "--out", s / "unchanged.json"});
    REQUIRE(unchanged.status == 0);
    CHECK(contains(unchanged.out, "no score changed"));
    CHECK(nlohmann::json::parse(read_text(s / "unchanged.json")) == doc);
}

TEST_CASE("a bad row is refused with its line, column and rule, and nothing is written", "[cli][scoring]") {
    scratch s;
    const std::string model = s / "model.json";
    fs::copy_file(minimal, model);
    const std::string before = read_text(model);
    REQUIRE(s.adva({"scoresheet", model, "--out", s / "sheet.csv"}).status == 0);

    const auto refused = [&](const std::function<void(sheet&)>& edit, const std::vector<std::string>& parts) {
        sheet sh(s / "sheet.csv");
        edit(sh);
        sh.save(s / "bad.csv");
        const auto r = s.adva({"import-scores", model, "--from", s / "bad.csv", "--by", "Panel", "--rationale", "Workshop"});
        CHECK(r.status == 2);
        for (const auto& part : parts) CHECK(contains(r.err, part));
        CHECK(read_text(model) == before);
    };
    sheet probe(s / "sheet.csv");
    const std::string line = s / "bad.csv:" + line_of(probe, "B", "access");

    refused([](sheet& sh) { sh.set("B", "access", "value", "45x"); },
            {"adva.scoresheet.not_a_number", line + ": column \"value\"", "\"45x\""});
    refused([](sheet& sh) { sh.set("B", "access", "value", "150"); },
            {"adva.model.out_of_scale", line + ": column \"value\"", "[0, 100]"});
    refused([](sheet& sh) { sh.set("B", "access", "option", "Bx"); },
            {"adva.scoresheet.unknown_id", line + ": column \"option\"", "known, closest first: B"});
    refused([](sheet& sh) { sh.set("B", "access", "criterion", "acess"); },
            {"adva.scoresheet.unknown_id", "known, closest first: access"});
    refused([](sheet& sh) { sh.set("B", "access", "distribution", "uniform"); }, {"adva.scoresheet.distribution", "\"uniform\""});
    refused([](sheet& sh) { sh.set("B", "access", "sd", "3"); }, {"adva.scoresheet.distribution", line + ": column \"sd\""});
    refused([](sheet& sh) {
        sh.set("B", "access", "distribution", "range");
        sh.set("B", "access", "value", "");
        sh.set("B", "access", "low", "80");
        sh.set("B", "access", "high", "70");
    }, {"adva.model.bad_distribution", line + ": column \"high\""});
    refused([](sheet& sh) { sh.set("B", "access", "criterion", "quality"); }, {"adva.scoresheet.duplicate_row", "came earlier"});
    refused([](sheet& sh) { sh.set("B", "access", "evidence", "A new survey"); }, {"adva.scoresheet.read_only"});
    refused([](sheet& sh) { sh.table.rows.front()[sh.col("rationale")] = "why"; }, {"adva.scoresheet.columns", "\"why\""});
    refused([](sheet& sh) {
        for (auto& r : sh.table.rows) r.erase(r.begin() + std::ptrdiff_t(sh.col("scored_by")));
    }, {"adva.scoresheet.columns", "\"scored_by\""});

    // Broken CSV: named by line.
    write_text(s / "quote.csv", read_text(s / "sheet.csv") + "\"A,access\r\n");
    auto r = s.adva({"import-scores", model, "--from", s / "quote.csv", "--by", "Panel", "--rationale", "Workshop"});
    CHECK(r.status == 2);
    CHECK(contains(r.err, "adva.scoresheet.csv"));
    CHECK(contains(r.err, "quote.csv:11"));
    write_text(s / "wide.csv", std::string(70, ',') + "\r\n");
    r = s.adva({"import-scores", model, "--from", s / "wide.csv", "--by", "Panel", "--rationale", "Workshop"});
    CHECK(r.status == 2);
    CHECK(contains(r.err, "adva.limits.sheet_columns"));
    write_text(s / "ragged.csv", "option,criterion\r\nA\r\n");
    r = s.adva({"import-scores", model, "--from", s / "ragged.csv", "--by", "Panel", "--rationale", "Workshop"});
    CHECK(contains(r.err, "ragged.csv:2: the row has 1 fields, the header 2"));

    // A file that is not a workbook, and formats that are not sheets.
    write_text(s / "sheet.xlsx", read_text(s / "sheet.csv"));
    r = s.adva({"import-scores", model, "--from", s / "sheet.xlsx", "--by", "Panel", "--rationale", "Workshop"});
    CHECK(r.status == 2);
    CHECK(contains(r.err, "[adva.excel.not_a_workbook] " + s / "sheet.xlsx" + ": not an Excel workbook"));
    r = s.adva({"import-scores", model, "--from", s / "sheet.xlsx", "--format", "csv", "--by", "Panel", "--rationale", "Workshop",
                "--out", s / "as_csv.json"});
    CHECK(r.status == 0);  // --format wins over the extension
    r = s.adva({"import-scores", model, "--from", s / "sheet.csv", "--format", "ods", "--by", "Panel", "--rationale", "Workshop"});
    CHECK(r.status == 2);
    CHECK(contains(r.err, "[adva.scoresheet.format] --format: a scoring sheet is csv or xlsx (seen: \"ods\")"));
    CHECK(read_text(model) == before);

    // Usage: who and why are required.
    r = s.adva({"import-scores", model, "--from", s / "sheet.csv", "--rationale", "Workshop"});
    CHECK(r.status == 2);
    CHECK(contains(r.err, "--by NAME is required"));
}

TEST_CASE("a workbook from scoresheet reads back through import-scores unchanged, and restores every score", "[cli][scoring][workbook]") {
    scratch s;
    // The embedded default model, written out as the file import-scores reads.
    const std::string model = s / "model.json";
    fs::copy_file(std::string(ADVA_SOURCE_DIR) + "/examples/childrens_services.json", model);
    const std::string before = read_text(model);

    const auto written = s.adva({"scoresheet", "--out", s / "sheet.xlsx"});  // the embedded model
    REQUIRE(written.status == 0);
    CHECK(contains(written.out, "wrote " + s / "sheet.xlsx" + ": 128 rows"));
    CHECK(read_text(s / "sheet.xlsx").substr(0, 2) == "PK");
    const auto table = adva::io::read_xlsx_sheet(s / "sheet.xlsx");
    CHECK(table.rows.front() == adva::io::scoresheet_columns());

    const auto same = s.adva({"import-scores", model, "--from", s / "sheet.xlsx", "--by", "Panel", "--rationale", "Round trip"});
    REQUIRE(same.status == 0);
    CHECK(contains(same.out, "no score changed; 128 rows unchanged"));
    CHECK(nlohmann::json::parse(read_text(model)) == nlohmann::json::parse(before));
    CHECK(s.adva({"verify", model}).status == 0);

    // Into the model without scores (and without its record): every score comes back, to the same double.
    auto doc = nlohmann::json::parse(before);
    doc.erase("governance");
    for (auto& o : doc["options"]) o.erase("scores");
    write_text(s / "unscored.json", doc.dump(2));
    const auto back = s.adva({"import-scores", s / "unscored.json", "--from", s / "sheet.xlsx", "--format", "xlsx", "--by", "Panel",
                              "--rationale", "Round trip"});
    REQUIRE(back.status == 0);
    CHECK(scores_of(s / "unscored.json") == scores_of(model));

    // --format xlsx for another name; a workbook never goes to standard output.
    REQUIRE(s.adva({"scoresheet", model, "--out", s / "panel.dat", "--format", "xlsx"}).status == 0);
    CHECK(adva::io::read_xlsx_sheet(s / "panel.dat").rows == table.rows);
    const auto refused = s.adva({"scoresheet", model, "--out", "-", "--format", "xlsx"});
    CHECK(refused.status == 2);
    CHECK(contains(refused.err, "[adva.scoresheet.format] --out: a workbook (xlsx) is binary"));
    CHECK(refused.out.empty());
}

TEST_CASE("scoresheet and import-scores follow the output policy", "[cli][scoring][output]") {
    scratch s;
    const std::string model = s / "model.json";
    fs::copy_file(minimal, model);
    const std::string before = read_text(model);
    write_text(s / "sheet.csv", "keep me");

    auto r = s.adva({"scoresheet", model, "--out", s / "sheet.csv"});
    CHECK(r.status == 2);
    CHECK(contains(r.err, "adva.io.output_exists"));
    CHECK(read_text(s / "sheet.csv") == "keep me");

    r = s.adva({"scoresheet", model, "--out", model, "--force"});
    CHECK(r.status == 2);
    CHECK(contains(r.err, "adva.io.output_is_input"));
    CHECK(read_text(model) == before);

    r = s.adva({"scoresheet", model, "--out", s / "sheet.csv", "--force"});
    REQUIRE(r.status == 0);
    CHECK(contains(read_text(s / "sheet.csv"), "option,option_name,screening,criterion"));

    // A usage error touches nothing: the unknown group is found before the sheet is written.
    write_text(s / "other.csv", "keep me too");
    r = s.adva({"scoresheet", model, "--out", s / "other.csv", "--force", "--group", "nobody"});
    CHECK(r.status == 2);
    CHECK(read_text(s / "other.csv") == "keep me too");

    // import-scores never writes onto its sheet, and replaces another file only with --force.
    r = s.adva({"import-scores", model, "--from", s / "sheet.csv", "--by", "Panel", "--rationale", "Workshop", "--out",
                s / "sheet.csv", "--force"});
    CHECK(r.status == 2);
    CHECK(contains(r.err, "adva.io.output_is_input"));
    write_text(s / "taken.json", "{}");
    r = s.adva({"import-scores", model, "--from", s / "sheet.csv", "--by", "Panel", "--rationale", "Workshop", "--out",
                s / "taken.json"});
    CHECK(r.status == 2);
    CHECK(contains(r.err, "adva.io.output_exists"));
    r = s.adva({"import-scores", model, "--from", s / "sheet.csv", "--by", "Panel", "--rationale", "Workshop", "--out",
                s / "taken.json", "--force"});
    CHECK(r.status == 0);
    CHECK(scores_of(s / "taken.json") == scores_of(model));
    CHECK(read_text(model) == before);

    // A workbook likewise: an existing file kept without --force, never the model.
    write_text(s / "sheet.xlsx", "keep me");
    r = s.adva({"scoresheet", model, "--out", s / "sheet.xlsx"});
    CHECK(r.status == 2);
    CHECK(contains(r.err, "adva.io.output_exists"));
    CHECK(read_text(s / "sheet.xlsx") == "keep me");
    r = s.adva({"scoresheet", model, "--out", model, "--format", "xlsx", "--force"});
    CHECK(r.status == 2);
    CHECK(contains(r.err, "adva.io.output_is_input"));
    CHECK(read_text(model) == before);
    REQUIRE(s.adva({"scoresheet", model, "--out", s / "sheet.xlsx", "--force"}).status == 0);
    CHECK(adva::io::read_xlsx_sheet(s / "sheet.xlsx").rows.size() == 10);

    // Standard output.
    r = s.adva({"scoresheet", minimal, "--out", "-"});
    REQUIRE(r.status == 0);
    CHECK(adva::io::parse_csv(r.out, "stdout").rows.size() == 10);
}

TEST_CASE("economics shows each option's net present cost, optimism bias and affordability", "[cli][economics]") {
    scratch s;
    // Five years at 3.5 %: an in-house benchmark and a trust with set-up, fee, saving and benefit lines.
    const std::string model = std::string(ADVA_SOURCE_DIR) + "/tests/data/economic_case.json";

    const auto table = s.adva({"economics", model, "--by-year"});
    REQUIRE(table.status == 0);
    CHECK(contains(table.out, "Economic case: Trust or in-house"));
    CHECK(contains(table.out, "£1.23m"));   // NPC before optimism bias
    CHECK(contains(table.out, "£2.38m"));   // after it
    CHECK(contains(table.out, "2026"));     // years shown as calendar years
    CHECK(contains(table.out, "capital headroom"));
    // The in-house option's one line has no optimism-bias category: the reader is told.
    CHECK(contains(table.out, "1 cost line without an optimism-bias category, not uplifted (options BAU)"));

    const auto json_run = s.adva({"economics", model, "--format", "json"});
    REQUIRE(json_run.status == 0);
    const auto doc = nlohmann::json::parse(json_run.out);
    CHECK(doc["cost_basis"] == "with_optimism_bias");
    CHECK(doc["optimism_bias_table"]["outsourcing"]["upper"] == 0.41);
    CHECK(doc["optimism_bias_table"]["outsourcing"]["from"] == "green_book");
    const auto& trust = doc["options"][1];
    CHECK(trust["npc_before_optimism_bias"].get<double>() == Approx(1231963.14).margin(0.005));
    CHECK(trust["npc_after_optimism_bias"].get<double>() == Approx(2382559.39).margin(0.005));
    CHECK(trust["affordability"]["shortfall_years"] == 1);
    CHECK(trust["affordability"]["capital_headroom"][0] == -500000.0);
    CHECK(trust["cost_lines"][0]["uplift"] == 1.0);
    CHECK(trust["cost_lines"][2]["kind"] == "saving");
    CHECK(doc["options"][0]["affordability"]["affordable"] == true);

    const auto csv = s.adva({"economics", model, "--format", "csv"});
    REQUIRE(csv.status == 0);
    const auto rows = adva::io::parse_csv(csv.out, "economics.csv").rows;
    CHECK(rows.size() == 1 + 2 * 5);  // a header, then one row per option and year
    CHECK(rows[1][0] == "BAU");
    CHECK(rows[1][2] == "2026");

    // The embedded default has an economic case; a wrong format is a usage error.
    CHECK(s.adva({"economics"}).status == 0);
    const auto bad = s.adva({"economics", "--format", "pdf"});
    CHECK(bad.status == 2);
    CHECK(contains(bad.err, "adva.report.format"));
}

TEST_CASE("a model without criteria is costed, and refused by name wherever options are ranked", "[cli][economics]") {
    scratch s;
    const std::string model = std::string(ADVA_SOURCE_DIR) + "/tests/data/economic_case.json";
    REQUIRE(s.adva({"economics", model}).status == 0);

    const std::vector<std::vector<std::string>> ranking_commands = {
        {"appraise", model},
        {"report", model},
        {"sensitivity", model},
        {"smaa", model, "--samples", "100"},
        {"compare", model},
        {"explain", model, "BAU", "TRUST"},
        {"criteria", model},
        {"scoresheet", model, "--out", s / "sheet.csv"},
        {"economics", model, "--view", "switching-values"},
        {"economics", model, "--view", "tornado"},
        {"validate", model},
        {"lock", model, "--by", "Analyst", "--out", s / "locked.json"},
    };
    for (const auto& args : ranking_commands) {
        INFO(args[0] << (args.size() > 3 ? " " + args[2] + " " + args[3] : std::string{}));
        const auto r = s.adva(args);
        CHECK(r.status == 2);  // invalid input
        CHECK(contains(r.err, "adva.model.no_criteria"));
        CHECK(contains(r.err, "/criteria"));
    }
    CHECK_FALSE(fs::exists(s / "sheet.csv"));
    CHECK_FALSE(fs::exists(s / "locked.json"));
}

TEST_CASE("economics --view switching-values: the NPC change at which each option joins or leaves the frontier", "[cli][economics]") {
    scratch s;
    const auto vfm = nlohmann::json::parse(s.adva({"appraise", "--format", "json"}).out)["value_for_money"];
    const auto run = s.adva({"economics", "--view", "switching-values", "--format", "json"});
    REQUIRE(run.status == 0);
    const auto doc = nlohmann::json::parse(run.out);
    CHECK(doc["adva_switching_values"] == 1);
    CHECK(doc["cost_basis"] == "with_optimism_bias");
    CHECK(doc["benefit"] == "excluding_cost_criteria");
    REQUIRE(doc["options"].size() == vfm.size());
    for (std::size_t i = 0; i < vfm.size(); ++i) {
        const auto& v = doc["options"][i];
        INFO(v.dump());
        CHECK(v["option"] == vfm[i]["option"]);
        CHECK(v["on_frontier"] == vfm[i]["on_frontier"]);
        // Independently: the nearest NPC among the options with at least this one's benefit.
        const double cost = vfm[i]["npv_cost"].get<double>(), benefit = vfm[i]["benefit"].get<double>();
        double nearest_above = std::numeric_limits<double>::infinity(), lowest = 0.0;
        for (std::size_t j = 0; j < vfm.size(); ++j) {
            if (j == i || vfm[j]["benefit"].get<double>() < benefit) continue;
            const double to_j = vfm[j]["npv_cost"].get<double>() - cost;
            if (to_j >= 0) nearest_above = std::min(nearest_above, to_j);
            lowest = std::min(lowest, to_j);
        }
        if (vfm[i]["on_frontier"].get<bool>()) {
            if (std::isinf(nearest_above)) CHECK(v["frontier"].is_null());
            else CHECK(v["frontier"]["change"].get<double>() == nearest_above);
        } else {
            CHECK(v["frontier"]["change"].get<double>() == lowest);
            CHECK(v["frontier"]["effect"] == "joins_frontier");
            CHECK(v["frontier"]["percent"].get<double>() == Approx(100.0 * lowest / cost));
        }
    }

    const auto table = s.adva({"economics", "--view", "switching-values"});
    REQUIRE(table.status == 0);
    CHECK(contains(table.out, "Switching values"));
    CHECK(contains(table.out, "ranking changes: increase"));
    const auto csv = adva::io::parse_csv(s.adva({"economics", "--view", "switching-values", "--format", "csv"}).out, "sv.csv").rows;
    CHECK(csv.size() == 1 + vfm.size());
    CHECK(csv[0][4] == "frontier_change");

    // A group's weights; usage errors name the rule.
    CHECK(s.adva({"economics", "--view", "switching-values", "--group", "staff"}).status == 0);
    const auto unknown = s.adva({"economics", "--view", "switching-values", "--group", "nobody"});
    CHECK(unknown.status == 2);
    CHECK(contains(unknown.err, "adva.cli.unknown_group"));
    const auto stray = s.adva({"economics", "--group", "staff"});
    CHECK(stray.status == 2);
    CHECK(contains(stray.err, "--group applies to the switching-values and tornado views only"));
    const auto both = s.adva({"economics", "--view", "switching-values", "--by-year"});
    CHECK(both.status == 2);
    CHECK(contains(both.err, "--by-year applies to the case view only"));
    const auto wrong = s.adva({"economics", "--view", "chart"});
    CHECK(wrong.status == 2);
    CHECK(contains(wrong.err, "--view is case, switching-values or tornado (see 'adva economics --help') (seen: \"chart\")"));
}

TEST_CASE("economics --view tornado: each line over its optimism-bias bounds, against the switching values", "[cli][economics]") {
    scratch s;
    const auto sv = nlohmann::json::parse(s.adva({"economics", "--view", "switching-values", "--format", "json"}).out)["options"];
    const auto ec = nlohmann::json::parse(s.adva({"economics", "--format", "json"}).out);
    const auto run = s.adva({"economics", "--view", "tornado", "--format", "json"});
    REQUIRE(run.status == 0);
    const auto doc = nlohmann::json::parse(run.out);
    const auto& table = ec["optimism_bias_table"];
    std::size_t bars = 0, reaching = 0;
    for (const auto& o : doc["options"]) {
        const auto e = std::find_if(ec["options"].begin(), ec["options"].end(), [&](const auto& x) { return x["option"] == o["option"]; });
        REQUIRE(e != ec["options"].end());
        const double npc = (*e)["npc"].get<double>();
        CHECK(o["npc"].get<double>() == npc);
        const auto s_it = std::find_if(sv.begin(), sv.end(), [&](const auto& x) { return x["option"] == o["option"]; });
        CHECK(o["short_listed"] == (s_it != sv.end()));
        double widest = std::numeric_limits<double>::infinity();
        for (const auto& b : o["bars"]) {
            ++bars;
            CHECK(b["range"] == "optimism_bias_bounds");  // the embedded model's lines have no range of their own
            // Independently: the line's present value before optimism bias at the category's bounds.
            const auto line = std::find_if((*e)["cost_lines"].begin(), (*e)["cost_lines"].end(), [&](const auto& l) { return l["id"] == b["line"]; });
            REQUIRE(line != (*e)["cost_lines"].end());
            const double before = (*line)["present_before_optimism_bias"].get<double>(), after = (*line)["present_after_optimism_bias"].get<double>();
            const auto& row = table[b["optimism_bias"].get<std::string>()];
            CHECK(b["npc_low"].get<double>() == Approx(npc - after + before * (1 + row["lower"].get<double>())).epsilon(1e-12));
            CHECK(b["npc_high"].get<double>() == Approx(npc - after + before * (1 + row["upper"].get<double>())).epsilon(1e-12));
            CHECK(std::fabs(b["swing"].get<double>()) <= widest);   // widest first
            widest = std::fabs(b["swing"].get<double>());
            // The ranges reach a switching value exactly when the NPC moves past it.
            const double up = b["npc_high"].get<double>() - npc, down = b["npc_low"].get<double>() - npc;
            const bool reaches_up = s_it != sv.end() && !(*s_it)["ranking_up"].is_null() && up > 0 &&
                                    up >= (*s_it)["ranking_up"]["change"].get<double>();
            const bool reaches_down = s_it != sv.end() && !(*s_it)["ranking_down"].is_null() && down < 0 &&
                                      down <= (*s_it)["ranking_down"]["change"].get<double>();
            CHECK(b["reaches_switch_up"] == reaches_up);
            CHECK(b["reaches_switch_down"] == reaches_down);
            reaching += reaches_up || reaches_down;
        }
    }
    CHECK(bars > 10);
    CHECK(reaching > 0);   // the embedded model's ranking is within reach of its cost uncertainty
    const auto text = s.adva({"economics", "--view", "tornado"});
    REQUIRE(text.status == 0);
    CHECK(contains(text.out, "Cost tornado"));
    CHECK(contains(text.out, "reaches a switch"));
}
