// The adva CLI end to end: the built program run through the shell, output to temporary files.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "adva/analysis/appraise.hpp"
#include "adva/io/model_json.hpp"
#include "adva/io/report.hpp"
#include "cli_test_support.hpp"

namespace fs = std::filesystem;

namespace {

using adva::testing::read_text;
using adva::testing::run_result;

void write_text(const fs::path& p, const std::string& text) {
    std::ofstream f(p, std::ios::binary);
    f << text;
}

const auto quote = adva::testing::shell_quote;

/// A scratch directory per test case, removed afterwards.
struct scratch {
    fs::path dir;
    scratch() {
        static int n = 0;
        dir = fs::temp_directory_path() / ("adva_cli_test_" + std::to_string(::getpid()) + "_" + std::to_string(++n));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~scratch() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    fs::path operator/(const std::string& name) const { return dir / name; }

    /// Runs `adva ARGS` (arguments quoted for the shell), capturing both streams and the status.
    run_result adva(const std::vector<std::string>& args) const {
        std::string arguments;
        for (const auto& a : args) arguments += " " + quote(a);
        return adva::testing::run_adva(arguments, dir);
    }
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::string example = std::string(ADVA_SOURCE_DIR) + "/examples/childrens_services.json";

}  // namespace

TEST_CASE("appraise with no model prints the default appraisal as a table", "[cli][appraise]") {
    const scratch s;
    const auto r = s.adva({"appraise"});
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());
    CHECK(contains(r.out, "Exampleshire"));
    CHECK(contains(r.out, "ILLUSTRATIVE MODEL"));
    CHECK(contains(r.out, "locked, digest verified"));
    CHECK(contains(r.out, "weights revised after scoring"));
    CHECK(contains(r.out, "Screening"));
    CHECK(contains(r.out, "discounted"));
    CHECK(contains(r.out, "Short list ranked"));
    CHECK(contains(r.out, "Value for money"));
    CHECK(contains(r.out, "Leading option by stakeholder group"));
}

TEST_CASE("appraise --format json parses and has the documented keys", "[cli][appraise]") {
    const scratch s;
    const auto r = s.adva({"appraise", "--format", "json"});
    REQUIRE(r.status == 0);
    const auto j = nlohmann::json::parse(r.out);
    for (const char* key : {"adva_result", "illustrative", "context", "governance", "warnings", "weights", "screening", "ranking",
                            "options", "dominance", "value_for_money", "by_group"})
        CHECK(j.contains(key));
    // The numbers are the library's.
    const adva::appraisal m = adva::io::default_model();
    const adva::appraisal_result lib = adva::appraise(m);
    REQUIRE(j["ranking"].size() == lib.ranking.size());
    for (std::size_t i = 0; i < lib.ranking.size(); ++i) {
        CHECK(j["ranking"][i]["option"] == lib.ranking[i].option);
        CHECK(j["ranking"][i]["total"].get<double>() == Approx(lib.ranking[i].total).epsilon(1e-12));
    }
    // Improvement over time: the library's document, number for number (fixed seed).
    REQUIRE(j.contains("improvement_over_time"));
    CHECK(j["improvement_over_time"] == adva::io::improvement_over_time_json(m));
    CHECK(j["improvement_over_time"]["options"].size() == m.options.size());
    // The table has the section too: a row per option with its name and chance of the target.
    const auto table = s.adva({"appraise"});
    REQUIRE(table.status == 0);
    const std::string section = table.out.substr(table.out.find("\nImprovement over time\n"));
    for (const auto& o : j["improvement_over_time"]["options"]) {
        const std::string id = o["option"];
        const auto row = section.find("\n" + id + " ");
        REQUIRE(row != std::string::npos);
        const std::string line = section.substr(row + 1, section.find('\n', row + 1) - row - 1);
        CHECK(contains(line, m.options[*m.option_index(id)].name));
        char percent[32];
        std::snprintf(percent, sizeof percent, "%.1f%%", 100.0 * o["at_target"]["value"].get<double>());
        CHECK(contains(line, percent));
    }
}

TEST_CASE("appraise --format csv and markdown", "[cli][appraise]") {
    const scratch s;
    const auto csv = s.adva({"appraise", example, "--format=csv"});
    REQUIRE(csv.status == 0);
    CHECK(csv.out.rfind("option,name,vehicle,screening,", 0) == 0);
    std::size_t lines = 0;
    for (char c : csv.out) lines += c == '\n';
    CHECK(lines == 9);  // header + 8 options

    const auto md = s.adva({"appraise", "--format", "markdown"});
    REQUIRE(md.status == 0);
    CHECK(md.out.rfind("# ", 0) == 0);
    CHECK(contains(md.out, "## Long list to short list"));
    CHECK(contains(md.out, "## Rank acceptability (SMAA-2)"));
}

TEST_CASE("report writes one self-contained HTML file, or Markdown, of the model or the default", "[cli][report]") {
    const scratch s;
    const std::string out = (s / "report.html").string();
    const auto html = s.adva({"report", example, "--out", out});
    REQUIRE(html.status == 0);
    CHECK(html.out == "wrote " + out + "\n");  // as every command that writes a file says
    const std::string page = read_text(out);
    CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(contains(page, "<section id=\"sec-record\">"));
    CHECK(contains(page, "adva verify " + example + " --digest "));
    CHECK_FALSE(contains(page, "<script"));
    // The default model, to standard output, is the same report but for the file named in the verify command.
    const auto stdout_report = s.adva({"report"});
    REQUIRE(stdout_report.status == 0);
    CHECK(contains(stdout_report.out, "adva verify MODEL --digest "));
    // Existing files are kept without --force; the model itself never.
    CHECK(s.adva({"report", example, "--out", out}).status == 2);
    CHECK(s.adva({"report", example, "--out", example, "--force"}).status == 2);
    const auto live = s.adva({"report", "--interactive", "--timestamp", "--out", out, "--force"});
    REQUIRE(live.status == 0);
    const std::string live_page = read_text(out);
    CHECK(contains(live_page, "<section id=\"sec-live\""));
    CHECK(contains(live_page, "Generated 20"));
    const auto md = s.adva({"report", "--format", "markdown"});
    REQUIRE(md.status == 0);
    CHECK(md.out == s.adva({"appraise", "--format", "markdown"}).out);
    CHECK(s.adva({"report", "--format", "markdown", "--interactive"}).status == 2);
    const auto pdf = s.adva({"report", "--format", "pdf"});
    CHECK(pdf.status == 2);
    CHECK(contains(pdf.err, "[adva.report.format] --format: report writes html or markdown (seen: \"pdf\")"));
    const auto group = s.adva({"report", "--group", "nobody"});
    CHECK(group.status == 2);
    CHECK(contains(group.err, "[adva.cli.unknown_group]"));
}

TEST_CASE("appraise --out writes the report to a file, not standard output", "[cli][appraise]") {
    const scratch s;
    const auto r = s.adva({"appraise", "--format", "json", "--out", (s / "result.json").string()});
    REQUIRE(r.status == 0);
    CHECK(r.out == "wrote " + (s / "result.json").string() + "\n");  // the report is in the file only
    CHECK(nlohmann::json::parse(read_text(s / "result.json"))["adva_result"] == 1);
}

TEST_CASE("appraise and init --out - write to standard output, never a file named '-'", "[cli][output]") {
    const scratch s;
    const auto r = s.adva({"appraise", "--format", "json", "--out", "-"});
    REQUIRE(r.status == 0);
    CHECK(nlohmann::json::parse(r.out)["adva_result"] == 1);
    const auto init = s.adva({"init", "--out", "-"});
    REQUIRE(init.status == 0);
    CHECK(nlohmann::json::parse(init.out)["adva_model"] == 1);
    CHECK_FALSE(fs::exists(s / "-"));
}

TEST_CASE("output to standard output itself (--out /dev/stdout) is the result alone, with no 'wrote' line in it", "[cli][output]") {
    const scratch s;
    const auto report = s.adva({"appraise", "--format", "json", "--out", "/dev/stdout"});
    REQUIRE(report.status == 0);
    CHECK(nlohmann::json::parse(report.out)["adva_result"] == 1);  // nothing but the JSON
    const auto model = s.adva({"init", "--out", "/dev/stdout"});
    REQUIRE(model.status == 0);
    CHECK(nlohmann::json::parse(model.out)["adva_model"] == 1);
    const auto sheet = s.adva({"scoresheet", "--out", "/dev/stdout"});
    REQUIRE(sheet.status == 0);
    CHECK(sheet.out.find("wrote ") == std::string::npos);
    // Another file keeps its message.
    CHECK(s.adva({"appraise", "--out", (s / "report.txt").string()}).out == "wrote " + (s / "report.txt").string() + "\n");
}

TEST_CASE("appraise --group uses that group's weights", "[cli][appraise]") {
    const scratch s;
    const auto r = s.adva({"appraise", example, "--group", "members", "--format", "json"});
    REQUIRE(r.status == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["weights"]["name"] == "members");
    CHECK_FALSE(j.contains("by_group"));
    const adva::appraisal_result lib = adva::appraise(adva::io::default_model(), {"members"});
    CHECK(j["ranking"][0]["option"] == lib.ranking[0].option);
    CHECK(j["ranking"][0]["total"].get<double>() == Approx(lib.ranking[0].total).epsilon(1e-12));

    const auto table = s.adva({"appraise", "--group", "commissioner"});
    REQUIRE(table.status == 0);
    CHECK(contains(table.out, "stakeholder group DfE commissioner (commissioner)"));

    const auto bad = s.adva({"appraise", "--group", "nobody"});
    CHECK(bad.status == 2);
    CHECK(contains(bad.err, "adva: error: [adva.cli.unknown_group] --group"));
}

TEST_CASE("exit statuses: 0 success, 2 usage or invalid input, 1 anything else", "[cli][errors]") {
    const scratch s;
    CHECK(s.adva({"--help"}).status == 0);
    CHECK(contains(s.adva({"--help"}).out, "appraise"));
    const auto version = s.adva({"--version"});
    CHECK(version.status == 0);
    CHECK(version.out.rfind("adva ", 0) == 0);

    const auto none = s.adva({});
    CHECK(none.status == 2);
    CHECK(contains(none.err, "usage: adva"));

    const auto unknown = s.adva({"frobnicate"});
    CHECK(unknown.status == 2);
    CHECK(unknown.err == "adva: error: [adva.cli.usage] unknown command (see 'adva --help') (seen: \"frobnicate\")\n");

    const auto option = s.adva({"appraise", "--colour"});
    CHECK(option.status == 2);
    CHECK(option.err == "adva: error: [adva.cli.usage] adva appraise: unknown option (see 'adva appraise --help') (seen: "
                        "\"--colour\")\n");

    const auto format = s.adva({"appraise", "--format", "xml"});
    CHECK(format.status == 2);
    CHECK(contains(format.err, "[adva.report.format]"));

    const auto missing_value = s.adva({"appraise", "--format"});
    CHECK(missing_value.status == 2);
    CHECK(contains(missing_value.err, "--format needs a value"));

    // Not the user's input: the output directory does not exist.
    const auto unwritable = s.adva({"appraise", "--out", (s / "no" / "such" / "dir.txt").string()});
    CHECK(unwritable.status == 1);
    CHECK(contains(unwritable.err, "adva: error: [adva.io.write]"));
    CHECK_FALSE(fs::exists(s / "no"));
}

TEST_CASE("an invalid model file exits 2 with the error id on standard error", "[cli][errors]") {
    const scratch s;
    write_text(s / "broken.json", "{\"adva_model\": 1, ");
    const auto parse = s.adva({"appraise", (s / "broken.json").string()});
    CHECK(parse.status == 2);
    CHECK(parse.out.empty());
    // Located in the file as compilers do: FILE:LINE:COLUMN, then the id.
    CHECK(parse.err.rfind("adva: error: " + (s / "broken.json").string() + ":1:19: [adva.json.parse]", 0) == 0);
    CHECK(std::count(parse.err.begin(), parse.err.end(), '\n') == 1);

    auto doc = nlohmann::json::parse(read_text(example));
    doc["options"][2]["scores"]["C99"] = 50;
    write_text(s / "unknown.json", doc.dump());
    const auto unknown = s.adva({"validate", (s / "unknown.json").string()});
    CHECK(unknown.status == 2);
    CHECK(contains(unknown.err, "[adva.model.unknown_id] /options/2/scores/C99"));
}

TEST_CASE("validate reports valid and the governance state", "[cli][validate]") {
    const scratch s;
    const auto r = s.adva({"validate", example});
    REQUIRE(r.status == 0);
    CHECK(r.out.rfind("valid: ", 0) == 0);
    CHECK(contains(r.out, "9 functions"));
    CHECK(contains(r.out, "governance   locked, digest verified"));
    CHECK(s.adva({"validate"}).status == 2);  // MODEL is required
}

TEST_CASE("init writes a starter model that validates, and refuses to overwrite", "[cli][init]") {
    const scratch s;
    const auto printed = s.adva({"init"});
    REQUIRE(printed.status == 0);
    const adva::appraisal starter = adva::io::parse_model(printed.out);
    CHECK_FALSE(starter.has_scores());

    const std::string path = (s / "model.json").string();
    REQUIRE(s.adva({"init", "--out", path}).status == 0);
    CHECK(read_text(path) == printed.out);
    const auto v = s.adva({"validate", path});
    CHECK(v.status == 0);
    CHECK(contains(v.out, "governance   unlocked"));

    write_text(path, "mine");
    const auto refused = s.adva({"init", "--out", path});
    CHECK(refused.status == 2);
    CHECK(contains(refused.err, "[adva.io.output_exists] --out: "));
    CHECK(read_text(path) == "mine");
    CHECK(s.adva({"init", "--out", path, "--force"}).status == 0);
    CHECK(read_text(path) == printed.out);

    // Without a title the question set says where one goes; --title and --organisation set it.
    CHECK(contains(s.adva({"questions", path}).out, "Question set: (no title: context.title in the model)"));
    const std::string titled = (s / "titled.json").string();
    const auto made = s.adva({"init", "--title", "Delivery options", "--organisation", "Northshire", "--out", titled});
    REQUIRE(made.status == 0);
    CHECK_FALSE(contains(made.out, "give it a title"));
    CHECK(contains(s.adva({"questions", titled}).out, "Question set: Delivery options"));
    CHECK(adva::io::parse_model(read_text(titled)).context.organisation == "Northshire");

    // Free text goes into the model file: bytes that are not UTF-8 are refused, naming the option.
    const auto latin1 = s.adva({"init", "--title", "Caf\xe9", "--out", (s / "latin1.json").string()});
    CHECK(latin1.status == 2);
    CHECK(contains(latin1.err, "[adva.cli.usage] --title: must be UTF-8 text"));
    CHECK_FALSE(std::filesystem::exists(s / "latin1.json"));
}

TEST_CASE("init --trigger: a direction keeps the commissioner and its gates; a voluntary review does not", "[cli][init]") {
    const scratch s;
    const adva::appraisal direction = adva::io::parse_model(s.adva({"init", "--trigger", "direction"}).out);
    CHECK(direction.group_index("commissioner"));
    CHECK(contains(direction.context.trigger, "statutory direction"));
    CHECK(adva::io::parse_model(s.adva({"init"}).out) == direction);  // the default

    const std::string path = (s / "voluntary.json").string();
    REQUIRE(s.adva({"init", "--trigger", "voluntary", "--out", path}).status == 0);
    CHECK(s.adva({"validate", path}).status == 0);
    const adva::appraisal voluntary = adva::io::parse_model(read_text(path));
    CHECK_FALSE(voluntary.group_index("commissioner"));
    CHECK(contains(voluntary.context.trigger, "no statutory direction"));
    const adva::gate& g2 = voluntary.gates[1];
    REQUIRE(g2.id == "G2");
    const auto why = adva::gate_not_applicable(voluntary, g2);
    REQUIRE(why);
    CHECK(contains(*why, "not applicable: Q7 answered by adva init --trigger voluntary (officers): Only a direction"));
    for (const auto& g : voluntary.gates)
        if (g.id != "G2") CHECK_FALSE(adva::gate_not_applicable(voluntary, g));
    // Nothing in the voluntary framing still assumes a direction, apart from the question that asks.
    const std::string text = read_text(path);
    for (const char* phrase : {"direction's timetable", "secretary_of_state_direction\"\n", "as the direction requires"})
        CHECK_FALSE(contains(text, phrase));

    const auto bad = s.adva({"init", "--trigger", "ofsted"});
    CHECK(bad.status == 2);
    CHECK(contains(bad.err, "[adva.init.trigger] --trigger: the trigger is direction or voluntary (seen: \"ofsted\")"));
}

TEST_CASE("answer records a group's answer before lock, replaces it, and is refused once locked", "[cli][answer]") {
    const scratch s;
    const std::string path = (s / "m.json").string();
    REQUIRE(s.adva({"init", "--out", path}).status == 0);
    const auto first = s.adva({"answer", path, "Q1", "--group", "members", "--swing",
                               "SF_practice=100,SF_improvement=70,SF_sustaining=60,SF_accountability=80,SF_confidence=50,SF_partnership=30", "--by", "Cabinet",
                               "--rationale", "Corporate parents"});
    REQUIRE(first.status == 0);
    CHECK(contains(first.out, "recorded: Q1 answered by group members"));
    CHECK(contains(first.out, "still to answer before lock: "));
    // Read as JSON: a model whose groups have answered some weight questions and not yet others
    // is still being framed (adva validate lists what is missing).
    auto q1 = [&] {
        const auto doc = nlohmann::json::parse(read_text(path));
        for (const auto& f : doc["functions"])
            for (const auto& q : f["questions"])
                if (q["id"] == "Q1") return q;
        FAIL("no Q1");
        return nlohmann::json{};
    };
    REQUIRE(q1()["answers"].size() == 1);
    CHECK(q1()["answers"][0]["swing"]["SF_accountability"] == 80);
    CHECK(q1()["answers"][0]["by"] == "Cabinet");
    const auto again = s.adva({"answer", path, "Q1", "--group", "members", "--swing",
                               "SF_practice=100,SF_improvement=100,SF_sustaining=100,SF_accountability=100,SF_confidence=100,SF_partnership=100"});
    REQUIRE(again.status == 0);
    CHECK(contains(again.out, "replaced: Q1 answered by group members"));
    REQUIRE(q1()["answers"].size() == 1);
    CHECK(q1()["answers"][0]["swing"]["SF_accountability"] == 100);
    CHECK_FALSE(q1()["answers"][0].contains("by"));  // a new answer replaces the old one whole

    // Every error leaves the file as it was.
    const std::string before = read_text(path);
    const auto unknown = s.adva({"answer", path, "Q99", "--group", "members", "--text", "x"});
    CHECK(unknown.status == 2);
    CHECK(contains(unknown.err, "[adva.model.unknown_id]"));
    CHECK(contains(unknown.err, "known, closest first: Q9, Q19"));
    CHECK(contains(unknown.err, "] QUESTION: no question"));  // the argument, not a position in a list
    const auto missing = s.adva({"answer", path, "Q4", "--group", "staff", "--swing", "CAP_agency=100"});
    CHECK(missing.status == 2);
    CHECK(contains(missing.err, "[adva.model.missing_weight]"));
    const auto syntax = s.adva({"answer", path, "Q4", "--group", "staff", "--swing", "CAP_agency:100"});
    CHECK(syntax.status == 2);
    CHECK(contains(syntax.err, "--swing takes CRITERION=NUMBER pairs"));
    const auto applies = s.adva({"answer", path, "Q7", "--group", "officers", "--applies", "maybe"});
    CHECK(applies.status == 2);
    const auto not_gate = s.adva({"answer", path, "Q2", "--group", "officers", "--applies", "no"});
    CHECK(not_gate.status == 2);
    CHECK(contains(not_gate.err, "[adva.model.applies]"));
    CHECK(read_text(path) == before);

    // Many answers from a file; a gate question answered "no": the gate is not applicable, with the reason.
    REQUIRE(s.adva({"answer", path, "--from", ADVA_SOURCE_DIR "/examples/answers.json"}).status == 0);
    REQUIRE(s.adva({"answer", path, "Q7", "--group", "officers", "--applies", "no", "--rationale", "No statutory direction"}).status == 0);
    const adva::appraisal m = adva::io::parse_model(read_text(path));
    const auto why = adva::gate_not_applicable(m, m.gates[1]);
    REQUIRE(why);
    CHECK(contains(*why, "No statutory direction"));

    // Locked, the framing takes no more answers.
    REQUIRE(s.adva({"lock", path, "--by", "Board"}).status == 0);
    const auto locked = s.adva({"answer", path, "Q1", "--group", "members", "--text", "late"});
    CHECK(locked.status == 2);
    CHECK(contains(locked.err, "[adva.governance.locked]"));
    CHECK(contains(locked.err, "reopen it with a reason first"));
}

TEST_CASE("answer takes AHP judgements from a file and writes the swings they give; a changed record is refused",
          "[cli][answer]") {
    const scratch s;
    const std::string path = (s / "m.json").string(), answers = (s / "ahp.json").string();
    REQUIRE(s.adva({"init", "--out", path}).status == 0);
    const nlohmann::json ahp_answer = {
        {"Q17", {{"group", "members"}, {"by", "Cabinet workshop"}, {"method", "ahp"},
                 {"ahp", {{"judges", {{{"by", "Leader"}, {"judgements", {{{"more", "ACH_time"}, {"less", "ACH_transition"}, {"ratio", 4}},
                                                                         {{"more", "ACH_time"}, {"less", "ACH_staff"}, {"ratio", 2}},
                                                                         {{"more", "ACH_staff"}, {"less", "ACH_transition"}, {"ratio", 2}}}}}}}}}}}};
    write_text(answers, ahp_answer.dump());
    REQUIRE(s.adva({"answer", path, "--from", answers}).status == 0);
    nlohmann::json doc = nlohmann::json::parse(read_text(path));
    nlohmann::json* written = nullptr;
    for (auto& f : doc["functions"])
        for (auto& q : f["questions"])
            if (q["id"] == "Q17") written = &q["answers"][0];
    REQUIRE(written);
    // Consistent ratios 4 = 2 × 2: swings 100, 50, 25 and a consistency ratio of 0.
    CHECK((*written)["swing"]["ACH_time"] == 100.0);
    CHECK((*written)["swing"]["ACH_staff"].get<double>() == Approx(50).epsilon(1e-12));
    CHECK((*written)["swing"]["ACH_transition"].get<double>() == Approx(25).epsilon(1e-12));
    CHECK((*written)["elicited"]["consistent"] == true);

    (*written)["swing"]["ACH_staff"] = 60;
    write_text(path, doc.dump());
    const auto changed = s.adva({"validate", path});
    CHECK(changed.status == 2);
    CHECK(contains(changed.err, "[adva.elicitation.mismatch]"));
    CHECK(contains(changed.err, "swing/ACH_staff"));
}

namespace {

/// The group's answer to a question in the model file at `path` (null when there is none).
nlohmann::json answer_in(const std::string& path, const std::string& question, const std::string& group) {
    const auto doc = nlohmann::json::parse(read_text(path));
    for (const auto& f : doc["functions"])
        for (const auto& q : f["questions"])
            if (q["id"] == question)
                for (const auto& a : q["answers"])
                    if (a["group"] == group) return a;
    return nullptr;
}

}  // namespace

TEST_CASE("elicit runs an AHP session from scripted responses, revising the judgement most at odds", "[cli][elicit]") {
    const scratch s;
    const std::string path = (s / "m.json").string(), script = (s / "ahp.txt").string();
    REQUIRE(s.adva({"init", "--out", path}).status == 0);
    // Q17 links ACH_time, ACH_transition, ACH_staff: pairs (time, transition), (time, staff), (transition, staff).
    // A cycle first (time 3x transition, staff 3x time, transition 3x staff), then pair 2 revised
    // (time 3x staff: still above 0.1), then pair 3 (equal): consistent.
    write_text(script, "# pairs\n1 3\n2 3\n1 3\n# revisions\n2\n1 3\n3\n=\n");
    const auto r = s.adva({"elicit", path, "--question", "Q17", "--group", "members", "--method", "ahp", "--answers", script,
                           "--by", "Cabinet workshop"});
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK(contains(r.out, "Pair 1 of 3"));
    CHECK(contains(r.out, "not acceptably consistent"));
    CHECK(contains(r.out, "recorded: Q17 answered by group members"));
    const auto a = answer_in(path, "Q17", "members");
    REQUIRE(a.is_object());
    CHECK(a["method"] == "ahp");
    CHECK(a["by"] == "Cabinet workshop");
    CHECK(a["elicited"]["consistent"] == true);
    // time 3x the others, which tie: swings 100, 33.3, 33.3.
    CHECK(a["swing"]["ACH_time"] == 100.0);
    CHECK(a["swing"]["ACH_staff"].get<double>() == Approx(100.0 / 3).epsilon(1e-12));
    CHECK(a["swing"]["ACH_transition"].get<double>() == Approx(100.0 / 3).epsilon(1e-12));
    const auto& judgements = a["ahp"]["judges"][0]["judgements"];
    REQUIRE(judgements.size() == 3);
    CHECK(judgements[2]["ratio"] == 1.0);

    SECTION("keep records inconsistent judgements as such") {
        write_text(script, "1 3\n2 3\n1 3\nkeep\n");
        REQUIRE(s.adva({"elicit", path, "--question", "Q17", "--group", "staff", "--method", "ahp", "--answers", script}).status == 0);
        CHECK(answer_in(path, "Q17", "staff")["elicited"]["consistent"] == false);
    }
}

TEST_CASE("elicit runs a MACBETH session, offering the changes that repair an inconsistency", "[cli][elicit]") {
    const scratch s;
    const std::string path = (s / "m.json").string(), script = (s / "macbeth.txt").string();
    REQUIRE(s.adva({"init", "--out", path}).status == 0);
    // Q10 links AFF_budget and AFF_tax: budget strong and tax weak over "[all lower]", then tax judged
    // more attractive than budget (inconsistent), judged again: budget over tax, moderate.
    write_text(script, "4\n2\n2 1\nagain\n1 3\n");
    const auto r = s.adva({"elicit", path, "--question", "Q10", "--group", "officers", "--method", "macbeth", "--answers", script});
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK(contains(r.out, "inconsistent"));
    CHECK(contains(r.out, "1)  judgement"));
    const auto a = answer_in(path, "Q10", "officers");
    CHECK(a["method"] == "macbeth");
    REQUIRE(a["macbeth"]["judgements"].size() == 3);
    CHECK(a["macbeth"]["judgements"][2]["more"] == "AFF_budget");
    CHECK(a["macbeth"]["judgements"][2]["category"] == "moderate");
    CHECK(a["swing"]["AFF_budget"] == 100.0);
    CHECK(a["swing"]["AFF_tax"].get<double>() < 100.0);
    CHECK(a["elicited"]["weight_ranges"]["AFF_tax"].size() == 2);

    SECTION("a pair judged again may be left unjudged") {
        write_text(script, "4\n2\n2 1\nagain\n\n");
        REQUIRE(s.adva({"elicit", path, "--question", "Q10", "--group", "staff", "--method", "macbeth", "--answers", script}).status == 0);
        const auto staff = answer_in(path, "Q10", "staff");
        CHECK(staff["macbeth"]["judgements"].size() == 2);  // the swings against "[all lower]" only
        CHECK(staff["swing"]["AFF_budget"] == 100.0);
    }
}

TEST_CASE("elicit runs a PAPRIKA session: levels, then only the questions the answers do not imply", "[cli][elicit]") {
    const scratch s;
    const std::string path = (s / "m.json").string(), script = (s / "paprika.txt").string();
    REQUIRE(s.adva({"init", "--out", path}).status == 0);
    // Three levels each; a decision maker for whom the budget always comes first (A is better on
    // the budget in every question asked). Spare responses are never read.
    std::string responses = "needs 10%; needs 5%; fits\nboth; VAT only; none\n";
    for (int k = 0; k < 20; ++k) responses += "a\n";
    write_text(script, responses);
    const auto r = s.adva({"elicit", path, "--question", "Q10", "--group", "partners", "--method", "paprika", "--answers", script});
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK(contains(r.out, "Question 1: two alternatives"));
    CHECK(contains(r.out, "were implied by the answers and not asked"));
    const auto a = answer_in(path, "Q10", "partners");
    CHECK(a["method"] == "paprika");
    CHECK(a["paprika"]["levels"]["AFF_tax"] == nlohmann::json::array({"both", "VAT only", "none"}));
    CHECK(a["swing"]["AFF_budget"] == 100.0);
    CHECK(a["swing"]["AFF_tax"].get<double>() < 100.0);
    // Fewer questions were asked than the nine possible ones.
    const std::size_t asked = a["paprika"]["answers"].size();
    CHECK(asked >= 1);
    CHECK(asked < a["elicited"]["questions_possible"].get<std::size_t>());
}

namespace {

/// The starter model with its weights answered, then the officers' answer to the anchor question
/// Q5 (CAP_agency, CAP_caseload) elicited by `method` from the shipped script.
run_result elicit_q5(const scratch& s, const std::string& path, const char* method, const char* script) {
    REQUIRE(s.adva({"init", "--out", path}).status == 0);
    REQUIRE(s.adva({"answer", path, "--from", ADVA_SOURCE_DIR "/examples/answers.json"}).status == 0);
    return s.adva({"elicit", path, "--question", "Q5", "--group", "officers", "--method", method, "--answers",
                   std::string(ADVA_SOURCE_DIR "/examples/") + script});
}

/// CAP_agency's value function in the written model is `points`, its unit kept, and the model
/// reads back: adva validate and adva criteria take it.
void check_agency_function(const scratch& s, const std::string& path, const nlohmann::json& points) {
    const auto doc = nlohmann::json::parse(read_text(path));
    for (const auto& c : doc["criteria"])
        if (c["id"] == "CAP_agency") {
            CHECK(c["value_function"]["kind"] == "piecewise_linear");
            CHECK(c["value_function"]["points"] == points);
            CHECK(c["value_function"]["unit"] == "% of posts");
        }
    const auto valid = s.adva({"validate", path});
    CHECK(valid.status == 0);
    CHECK_FALSE(contains(valid.err, "adva.elicitation"));
    const auto criteria = s.adva({"criteria", path});
    CHECK(criteria.status == 0);
    CHECK(contains(criteria.out, "piecewise linear (% of posts)"));
}

}  // namespace

TEST_CASE("elicit runs a bisection session on an anchor question: each criterion's value function", "[cli][elicit]") {
    const scratch s;
    const std::string path = (s / "m.json").string();
    const auto r = elicit_q5(s, path, "bisection", "elicit_bisection.txt");
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK(contains(r.out, "as it stands, lower is better"));
    CHECK(contains(r.out, "Which level is halfway in value between 40 (value 0) and 0 (value 100)?"));
    CHECK(contains(r.out, "Value function of CAP_agency:  0 -> 100  7 -> 75  15 -> 50  26 -> 25  40 -> 0"));
    const auto a = answer_in(path, "Q5", "officers");
    CHECK(a["method"] == "bisection");
    CHECK(a["bisection"]["CAP_caseload"]["midpoints"].size() == 3);
    const nlohmann::json agency = nlohmann::json::array({{0, 100}, {7, 75}, {15, 50}, {26, 25}, {40, 0}});
    CHECK(a["elicited"]["value_functions"]["CAP_agency"] == agency);
    check_agency_function(s, path, agency);  // the criterion's value function is the bisection's
}

TEST_CASE("elicit runs a MACBETH session on an anchor question: each criterion's value scale on its levels", "[cli][elicit]") {
    const scratch s;
    const std::string path = (s / "m.json").string();
    const auto r = elicit_q5(s, path, "macbeth", "elicit_macbeth_levels.txt");
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK(contains(r.out, "Which levels of CAP_agency should be valued?"));
    CHECK(contains(r.out, "Compare two levels of CAP_agency"));
    CHECK(contains(r.out, "Value scale of CAP_agency:  0 -> 100.0"));
    CHECK(contains(r.out, "40 -> 0.0"));
    const auto a = answer_in(path, "Q5", "officers");
    CHECK(a["method"] == "macbeth");
    CHECK(a["macbeth"]["scales"]["CAP_agency"]["levels"] == nlohmann::json::array({0, 10, 20, 40}));
    CHECK(a["macbeth"]["scales"]["CAP_agency"]["judgements"].size() == 6);
    CHECK(a["macbeth"]["scales"]["CAP_caseload"]["judgements"].size() == 5);  // one pair left unjudged
    const auto& agency = a["elicited"]["value_functions"]["CAP_agency"];
    REQUIRE(agency.size() == 4);
    // Fewer agency posts are better, each step down worth more than the last.
    for (std::size_t k = 1; k < 4; ++k) CHECK(agency[k][1].get<double>() < agency[k - 1][1].get<double>());
    CHECK(agency[0][1] == 100.0);
    CHECK(agency[3][1] == 0.0);
    CHECK(a["elicited"]["value_ranges"]["CAP_agency"].size() == 4);
    check_agency_function(s, path, agency);  // the criterion's value function is the scale's
    // A value function an answer gives is checked as any other before the model is written: levels
    // whose difference overflows would value every level at one end.
    const std::string before = read_text(path), answers = (s / "far.json").string();
    write_text(answers, R"({"Q5": [{"group": "officers", "method": "macbeth", "macbeth": {"scales": {"CAP_agency":
        {"levels": [-1e308, 1e308], "judgements": [{"more": -1e308, "less": 1e308, "category": "strong"}]}}}}]})");
    const auto far = s.adva({"answer", path, "--from", answers});
    CHECK(far.status == 2);
    CHECK(contains(far.err, "[adva.model.bad_value_function]"));
    CHECK(contains(far.err, "must be a finite number"));
    CHECK(read_text(path) == before);
}

TEST_CASE("elicit refuses what it cannot use, and leaves the model as it was", "[cli][elicit]") {
    const scratch s;
    const std::string path = (s / "m.json").string(), script = (s / "r.txt").string();
    REQUIRE(s.adva({"init", "--out", path}).status == 0);
    const std::string before = read_text(path);
    const auto elicit = [&](const std::string& question, const std::string& method, const std::string& responses) {
        write_text(script, responses);
        return s.adva({"elicit", path, "--question", question, "--group", "members", "--method", method, "--answers", script});
    };
    const auto bad_response = elicit("Q17", "ahp", "1 3\n3 2\n");
    CHECK(bad_response.status == 2);
    CHECK(contains(bad_response.err, "[adva.elicit.response]"));
    CHECK(contains(bad_response.err, "r.txt:2"));
    const auto short_script = elicit("Q17", "ahp", "1 3\n");
    CHECK(short_script.status == 2);
    CHECK(contains(short_script.err, "[adva.elicit.incomplete]"));
    const auto not_utf8 = elicit("Q10", "paprika", "low; \xff\n");
    CHECK(not_utf8.status == 2);
    CHECK(contains(not_utf8.err, "UTF-8"));
    const auto long_line = elicit("Q17", "ahp", std::string(5000, '1') + "\n");
    CHECK(long_line.status == 2);
    CHECK(contains(long_line.err, "[adva.elicit.responses]"));
    CHECK(contains(elicit("Q17", "smart", "").err, "--method is ahp, macbeth, paprika (weight questions) or bisection"));
    CHECK(contains(elicit("Q2", "ahp", "").err, "[adva.elicitation.method]"));
    CHECK(contains(elicit("Q17", "bisection", "").err, "bisection answers an anchor question"));
    // A best level equal to the worst is refused, as is a 50-point level outside (worst, best).
    const auto no_range = elicit("Q5", "bisection", "40\n40\n");
    CHECK(no_range.status == 2);
    CHECK(contains(no_range.err, "the best level differs from the worst (40)"));
    CHECK(contains(no_range.err, "r.txt:2"));
    const auto outside = elicit("Q5", "bisection", "40\n0\n45\n");
    CHECK(outside.status == 2);
    CHECK(contains(outside.err, "[adva.elicit.response]"));
    CHECK(contains(outside.err, "lies strictly between the levels valued 0 (40) and 100 (0)"));
    CHECK(contains(elicit("Q99", "ahp", "").err, "[adva.model.unknown_id]"));
    // MACBETH on levels: levels listed twice, a neighbouring pair left unjudged, an inconsistent judgement.
    const auto twice = elicit("Q5", "macbeth", "0 10 10\n");
    CHECK(twice.status == 2);
    CHECK(contains(twice.err, "two to 100 different numbers"));
    const auto unjudged = elicit("Q5", "macbeth", "0 10 20\n\n");
    CHECK(unjudged.status == 2);
    CHECK(contains(unjudged.err, "neighbouring levels are judged"));
    const auto inconsistent = elicit("Q5", "macbeth", "0 10 20\n1 4\n1 4\n1 1\n");
    CHECK(inconsistent.status == 2);
    CHECK(contains(inconsistent.err, "no MACBETH scale fits these judgements"));
    CHECK(contains(inconsistent.err, "r.txt:4"));
    CHECK(read_text(path) == before);
    REQUIRE(s.adva({"answer", path, "--from", ADVA_SOURCE_DIR "/examples/answers.json"}).status == 0);
    REQUIRE(s.adva({"lock", path, "--by", "Board"}).status == 0);
    CHECK(contains(elicit("Q17", "ahp", "1 3\n1 3\n1 1\n").err, "[adva.governance.locked]"));
}

TEST_CASE("the default model: the DfE commissioner is not the regulator, the CSF weights have their own function, "
          "influence is a recorded choice", "[cli][default]") {
    const adva::appraisal m = adva::io::default_model();
    CHECK_FALSE(m.group_index("regulator"));
    REQUIRE(m.group_index("commissioner"));
    for (const auto& g : m.groups) CHECK_FALSE(g.influence_reason.empty());
    const auto& csf = m.functions.back();
    REQUIRE(csf.questions.size() == 1);
    CHECK(csf.questions[0].id == "Q15");
    CHECK(csf.questions[0].criteria == std::vector<std::string>{"SF", "VFM", "CAP", "AFF", "ACH"});
    for (const auto& f : m.functions)
        if (&f != &csf)
            for (const auto& q : f.questions) CHECK(q.id != "Q15");
    // The embedded record was replayed on the framing (scripts/rebuild_default_record.py): it verifies.
    const auto record = adva::check_governance(m);
    CHECK(record.state() == "locked");
    CHECK(record.verified(false));
    const scratch s;
    const auto report = s.adva({"report", "--format", "markdown"});
    CHECK(contains(report.out, "| DfE commissioner | 1: Equal influence, agreed by the options board"));
}

TEST_CASE("explain breaks the gap down by criterion, largest first", "[cli][explain]") {
    const scratch s;
    const auto r = s.adva({"explain", example, "O3", "O4", "--format", "json"});
    REQUIRE(r.status == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["a"] == "O3");
    CHECK(j["b"] == "O4");
    double sum = 0.0, previous = INFINITY;
    for (const auto& line : j["lines"]) {
        const double gap = line["contribution_gap"].get<double>();
        CHECK(std::abs(gap) <= previous);
        previous = std::abs(gap);
        sum += gap;
    }
    CHECK(j["lines"].size() == 17);
    CHECK(sum == Approx(j["gap"].get<double>()));
    // Each line carries the rationale recorded with each option's score.
    const adva::appraisal m = adva::io::load_model(example);
    const auto& o3 = m.options[*m.option_index("O3")].scores;
    const auto& o4 = m.options[*m.option_index("O4")].scores;
    for (const auto& line : j["lines"]) {
        const std::string c = line["criterion"].get<std::string>();
        REQUIRE_FALSE(o3.at(c).rationale.empty());
        CHECK(line["rationale_a"] == o3.at(c).rationale);
        CHECK(line["rationale_b"] == o4.at(c).rationale);
    }
    CHECK(j["gap"].get<double>() == Approx(j["total_a"].get<double>() - j["total_b"].get<double>()));

    const auto table = s.adva({"explain", example, "O3", "O4"});
    REQUIRE(table.status == 0);
    CHECK(contains(table.out, "Why O3"));
    // The first criterion row of the table is the largest line of the JSON.
    const auto first_row = table.out.find("\n  " + j["lines"][0]["criterion"].get<std::string>() + "  ");
    const auto second_row = table.out.find("\n  " + j["lines"][1]["criterion"].get<std::string>() + "  ");
    REQUIRE(first_row != std::string::npos);
    CHECK(first_row < second_row);
    // Under the first row, indented, the rationales of A and B (wrapped: the start of each).
    const std::string first = j["lines"][0]["criterion"].get<std::string>();
    const auto why_a = table.out.find("\n      O3: " + o3.at(first).rationale.substr(0, 30), first_row);
    const auto why_b = table.out.find("\n      O4: " + o4.at(first).rationale.substr(0, 30), first_row);
    CHECK(why_a < second_row);
    CHECK(why_a < why_b);
    CHECK(why_b < second_row);

    // A score without a rationale has no rationale key and no indented line.
    auto doc = nlohmann::json::parse(read_text(example));
    for (auto& o : doc["options"])
        if (o["id"] == "O4") o["scores"][first].erase("rationale");
    write_text(s / "no_why.json", doc.dump());
    const auto bare = s.adva({"explain", (s / "no_why.json").string(), "O3", "O4", "--format", "json"});
    REQUIRE(bare.status == 0);
    const auto jb = nlohmann::json::parse(bare.out);
    REQUIRE(jb["lines"][0]["criterion"] == first);
    CHECK(jb["lines"][0]["rationale_a"] == o3.at(first).rationale);
    CHECK_FALSE(jb["lines"][0].contains("rationale_b"));
    const auto bare_table = s.adva({"explain", (s / "no_why.json").string(), "O3", "O4"});
    CHECK(contains(bare_table.out, "\n      O3: " + o3.at(first).rationale.substr(0, 30)));
    CHECK_FALSE(contains(bare_table.out, "\n      O4: " + o4.at(first).rationale.substr(0, 30)));

    const auto unknown = s.adva({"explain", example, "O3", "O42"});
    CHECK(unknown.status == 2);
    CHECK(contains(unknown.err, "adva.explain.unknown_option"));
    CHECK(s.adva({"explain", example, "O3"}).status == 2);
}

TEST_CASE("questions lists the question set by function with answers per group", "[cli][questions]") {
    const scratch s;
    const auto r = s.adva({"questions"});
    REQUIRE(r.status == 0);
    CHECK(contains(r.out, "21 questions in 9 functions"));
    CHECK(contains(r.out, "Q1 [weight]"));
    CHECK(contains(r.out, "gates: G1 (Statutory accountability retained)"));
    CHECK(contains(r.out, "answer of families (Children and families)"));

    const auto members = s.adva({"questions", example, "--group", "members"});
    REQUIRE(members.status == 0);
    CHECK(contains(members.out, "answer of members"));
    CHECK_FALSE(contains(members.out, "answer of staff"));

    const auto starter_path = (s / "starter.json").string();
    REQUIRE(s.adva({"init", "--out", starter_path}).status == 0);
    CHECK(contains(s.adva({"questions", starter_path}).out, "(no answer yet)"));
}

TEST_CASE("lock, edit the framing, reopen: the governance state follows", "[cli][governance]") {
    const scratch s;
    const std::string path = (s / "model.json").string();
    fs::copy_file(example, path);  // locked, then scored through the record
    CHECK(contains(s.adva({"validate", path}).out, "governance   locked, digest verified"));

    const auto no_by = s.adva({"reopen", path, "--reason", "new evidence"});
    CHECK(no_by.status == 2);
    CHECK(contains(no_by.err, "[adva.governance.who_required] --by: every entry of the decision record says who"));

    // Locking twice is a step not allowed now: exit 2, like any request that breaks a rule.
    const auto twice = s.adva({"lock", path, "--by", "Options board"});
    CHECK(twice.status == 2);
    CHECK(contains(twice.err, "[adva.governance.locked]"));

    // Edit the framing behind the lock's back: reported, and not made lawful by reopening.
    const std::string original = read_text(path);
    auto edited = nlohmann::json::parse(original);
    edited["context"]["title"] = "Another title";
    write_text(path, edited.dump(2));
    const auto v = s.adva({"validate", path});
    CHECK(v.status == 0);
    CHECK(contains(v.out, "MODIFIED AFTER LOCK"));
    const auto laundered = s.adva({"reopen", path, "--reason", "title corrected", "--by", "Options board"});
    CHECK(laundered.status == 3);
    CHECK(contains(laundered.err, "[adva.governance.integrity]"));

    // Undone, the framing is reopened with a reason and locked again.
    write_text(path, original);
    CHECK(s.adva({"reopen", path}).status == 2);  // a reason is required
    const auto reopened = s.adva({"reopen", path, "--reason", "Cabinet asked for a new criterion", "--by", "Cabinet",
                                  "--at", "2026-04-01T09:00:00Z"});
    REQUIRE(reopened.status == 0);
    CHECK(contains(s.adva({"validate", path}).out, "governance   reopened (Cabinet asked for a new criterion)"));
    const std::string relocked = (s / "relocked.json").string();
    const auto locked = s.adva({"lock", path, "--by", "Options board", "--at", "2026-04-02T09:00:00Z", "--out", relocked});
    REQUIRE(locked.status == 0);
    CHECK(contains(locked.out, "locked: framing digest "));
    CHECK(contains(s.adva({"validate", relocked}).out, "locked, digest verified"));
    const auto doc = nlohmann::json::parse(read_text(relocked));
    CHECK(doc["governance"]["audit"].back()["by"] == "Options board");
    CHECK(doc["governance"]["audit"].back()["at"] == "2026-04-02T09:00:00Z");

    // The report of the relocked model carries the reason, and does not claim scoring before lock.
    const auto table = s.adva({"appraise", relocked});
    REQUIRE(table.status == 0);
    CHECK(contains(table.out, "reopen  Cabinet: Cabinet asked for a new criterion"));
    CHECK(contains(table.out, "scored before lock              no\n"));
    const auto csv = s.adva({"appraise", relocked, "--format", "csv"});
    REQUIRE(csv.status == 0);
    CHECK(contains(csv.out, ",locked," + doc["governance"]["framing_digest"].get<std::string>() + ","));
}

TEST_CASE("appraise --out never writes onto its own model, nor an existing file without --force", "[cli][output]") {
    const scratch s;
    const std::string model = (s / "model.json").string(), link = (s / "link.json").string();
    write_text(model, read_text(example));
    fs::create_symlink(model, link);
    const std::string before = read_text(model);

    for (const auto& out : {model, link}) {
        INFO(out);
        const auto r = s.adva({"appraise", model, "--out", out, "--force"});
        CHECK(r.status == 2);
        CHECK(r.err == "adva: error: [adva.io.output_is_input] --out: the output would replace the model file (" + model +
                           "), an input of this command; choose another file (seen: \"" + out + "\")\n");
        CHECK(read_text(model) == before);
    }
    // The model read from standard input is an input too.
    const std::string piped = quote(ADVA_CLI_PATH) + " appraise - --force --out " + quote(model) + " < " + quote(model) +
                              " > /dev/null 2> " + quote((s / "err.txt").string());
    const int raw = std::system(piped.c_str());
    CHECK((WIFEXITED(raw) ? WEXITSTATUS(raw) : -1) == 2);
    CHECK(contains(read_text(s / "err.txt"), "[adva.io.output_is_input] --out: the output would replace the model file (-)"));
    CHECK(read_text(model) == before);

    const std::string report = (s / "report.txt").string();
    write_text(report, "earlier report");
    const auto exists = s.adva({"appraise", model, "--out", report});
    CHECK(exists.status == 2);
    CHECK(contains(exists.err, "[adva.io.output_exists] --out: "));
    // Every argument is checked before the file is touched, even with --force.
    CHECK(s.adva({"appraise", model, "--out", report, "--force", "--format", "xml"}).status == 2);
    CHECK(s.adva({"appraise", model, "--out", report, "--force", "--group", "nobody"}).status == 2);
    CHECK(read_text(report) == "earlier report");
    REQUIRE(s.adva({"appraise", model, "--out", report, "--force"}).status == 0);
    CHECK(contains(read_text(report), "Short list ranked"));
    CHECK(read_text(model) == before);
}

TEST_CASE("a device named by --out, such as /dev/null, is written into and stays a character device", "[cli][output]") {
    const scratch s;
    struct stat before {};
    REQUIRE(::stat("/dev/null", &before) == 0);
    const auto r = s.adva({"appraise", "--out", "/dev/null"});
    CHECK(r.status == 0);
    CHECK(r.out == "wrote /dev/null\n");
    CHECK(s.adva({"init", "--out", "/dev/null"}).status == 0);
    struct stat after {};
    REQUIRE(::stat("/dev/null", &after) == 0);
    CHECK(S_ISCHR(after.st_mode));
    CHECK(after.st_rdev == before.st_rdev);
    // A directory is refused.
    const auto dir = s.adva({"appraise", "--out", s.dir.string(), "--force"});
    CHECK(dir.status == 2);
    CHECK(contains(dir.err, "[adva.io.output_not_file] --out: the output is a directory"));
}

TEST_CASE("lock and reopen rewrite their model in place; --out onto another existing file needs --force", "[cli][output]") {
    const scratch s;
    const std::string model = (s / "model.json").string(), other = (s / "other.json").string();
    fs::copy_file(example, model);
    REQUIRE(s.adva({"reopen", model, "--reason", "rework", "--by", "Board"}).status == 0);
    write_text(other, "someone else's file");

    const auto refused = s.adva({"lock", model, "--by", "Board", "--out", other});
    CHECK(refused.status == 2);
    CHECK(contains(refused.err, "[adva.io.output_exists] --out: "));
    CHECK(read_text(other) == "someone else's file");
    CHECK(contains(s.adva({"validate", model}).out, "governance   reopened"));  // nothing was written anywhere

    REQUIRE(s.adva({"lock", model, "--by", "Board", "--out", other, "--force"}).status == 0);
    CHECK(contains(s.adva({"validate", other}).out, "locked, digest verified"));
    // --out naming the model itself (here through a link) is the in-place update: no --force.
    fs::create_symlink(other, s / "link.json");
    REQUIRE(s.adva({"reopen", other, "--reason", "rework", "--by", "Board", "--out", (s / "link.json").string()}).status == 0);
    CHECK(fs::is_symlink(s / "link.json"));
    CHECK(contains(s.adva({"validate", other}).out, "governance   reopened (rework)"));
    const auto reopen_refused = s.adva({"reopen", other, "--reason", "again", "--by", "Board", "--out", model});
    CHECK(reopen_refused.status == 2);
    CHECK(contains(reopen_refused.err, "[adva.io.output_exists]"));
}

TEST_CASE("every command has --help", "[cli][help]") {
    const scratch s;
    for (const std::string command : {"appraise", "questions", "validate", "init", "explain", "lock", "reopen"}) {
        INFO(command);
        const auto r = s.adva({command, "--help"});
        CHECK(r.status == 0);
        CHECK(r.out.rfind("usage: adva " + command, 0) == 0);
    }
}

TEST_CASE("verify, score and appraise --strict: exit 0 on a whole record, 3 with every finding", "[cli][governance]") {
    const scratch s;
    const std::string path = (s / "model.json").string();
    fs::copy_file(example, path);

    const auto ok = s.adva({"verify", path});
    CHECK(ok.status == 0);
    CHECK(contains(ok.out, "verified: " + path));
    const std::string digest = nlohmann::json::parse(read_text(path))["governance"]["framing_digest"];
    CHECK(contains(ok.out, "adva verify " + path + " --digest " + digest));
    CHECK(s.adva({"verify", path, "--digest", digest, "--strict"}).status == 0);
    CHECK(s.adva({"appraise", path, "--strict"}).status == 0);
    CHECK(s.adva({"verify", path, "--digest", std::string(64, '0')}).status == 3);
    const auto bad_digest = s.adva({"verify", path, "--digest", "abc"});
    CHECK(bad_digest.status == 2);
    CHECK(contains(bad_digest.err, "[adva.governance.digest_format]"));

    // A score changed through the record keeps the record whole; a bad value is a usage error.
    const auto scored = s.adva({"score", path, "O1", "SF_practice", "47", "--rationale", "new audit", "--by", "Analyst",
                                "--at", "2026-05-01T10:00:00Z"});
    REQUIRE(scored.status == 0);
    CHECK(contains(scored.out, "recorded: O1 on SF_practice: "));
    CHECK(s.adva({"score", path, "O1", "SF_practice", "lots", "--rationale", "r", "--by", "b"}).status == 2);
    // A wrong id lists the ones that exist, closest first: options, and leaf criteria for a score.
    const auto wrong_option = s.adva({"score", path, "O9", "SF_practice", "40", "--rationale", "r", "--by", "b"});
    CHECK(wrong_option.status == 2);
    CHECK(contains(wrong_option.err, "no option with this id in the model (known, closest first: O1, O2"));
    const auto wrong_criterion = s.adva({"score", path, "O1", "SF_practise", "40", "--rationale", "r", "--by", "b"});
    CHECK(wrong_criterion.status == 2);
    CHECK(contains(wrong_criterion.err, "(leaf criteria known, closest first: SF_practice,"));
    // An uncertain score is shown as recorded, not as its expected value (on a copy: the record
    // below counts this model's entries).
    write_text(s / "uncertain.json", R"({"O3": {"SF_practice": {"distribution": "triangular", "low": 20, "mode": 30, "high": 60}}})");
    const auto uncertain = s.adva({"score", path, "--from", (s / "uncertain.json").string(), "--rationale", "r", "--by", "b",
                                   "--out", (s / "uncertain_copy.json").string()});
    REQUIRE(uncertain.status == 0);
    CHECK(contains(uncertain.out, "-> 20\u201360, mode 30 (triangular)"));
    write_text(s / "scores.json", R"({"O2": {"SF_practice": 33, "SF_improvement": {"value": 21, "rationale": "plan"}}})");
    REQUIRE(s.adva({"score", path, "--from", (s / "scores.json").string(), "--rationale", "workshop", "--by", "Board"})
                .status == 0);
    const auto json = s.adva({"verify", path, "--strict", "--format", "json"});
    REQUIRE(json.status == 0);
    const auto doc = nlohmann::json::parse(json.out);
    CHECK(doc["verified"] == true);
    CHECK(doc["score_changes_recorded"] == 131);  // 128 in the example, then 1 and 2
    CHECK(doc["entries"] == 4);

    // Hand edits: the weight is named with old and new value; --strict writes nothing.
    auto edited = nlohmann::json::parse(read_text(path));
    for (auto& c : edited["criteria"])
        if (c["id"] == "SF_accountability") c["weight"] = 157;
    write_text(path, edited.dump(1));
    const auto tampered = s.adva({"verify", path});
    CHECK(tampered.status == 3);
    CHECK(contains(tampered.out, "NOT VERIFIED"));
    CHECK(contains(tampered.out, "criteria/SF_accountability/weight: 50 \u2192 157"));
    const std::string report = (s / "report.md").string();
    const auto strict = s.adva({"appraise", path, "--strict", "--format", "markdown", "--out", report});
    CHECK(strict.status == 3);
    CHECK(contains(strict.err, "[adva.governance.integrity]"));
    CHECK_FALSE(fs::exists(report));
    CHECK(s.adva({"appraise", path, "--format", "csv"}).out.find("modified after lock") != std::string::npos);
    // Reopening does not legalise it.
    CHECK(s.adva({"reopen", path, "--reason", "tidy", "--by", "Board"}).status == 3);
}

TEST_CASE("lock --sign and verify --pubkey", "[cli][governance]") {
    const scratch s;
    const std::string path = (s / "model.json").string();
    fs::copy_file(example, path);
    // Ed25519 keys as openssl genpkey -algorithm ed25519 / openssl pkey -pubout write them.
    write_text(s / "board.pem", "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIGuk902tiQdKDSkr9QP+owH4x6tjkbjvmtJSCl0Ygtsj\n-----END PRIVATE KEY-----\n");
    write_text(s / "board.pub", "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAKy5ddMGSa+s304sH/Ttq/jI4QBp9vXt0OrJQTbxe5VI=\n-----END PUBLIC KEY-----\n");
    write_text(s / "other.pub", "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA0TrfZoSW35bbs9MkAWaUok9UK0zPVvldpTJuEBqntFI=\n-----END PUBLIC KEY-----\n");
    // The example's entries are unsigned: with a key, each is a finding.
    const auto unsigned_entries = s.adva({"verify", path, "--pubkey", (s / "board.pub").string()});
    CHECK(unsigned_entries.status == 3);
    CHECK(contains(unsigned_entries.out, "signature_missing"));

    // A fresh record, every entry signed.
    auto doc = nlohmann::json::parse(read_text(path));
    doc.erase("governance");
    for (auto& o : doc["options"]) o.erase("scores");
    write_text(path, doc.dump(1));
    const std::string key = (s / "board.pem").string();
    REQUIRE(s.adva({"lock", path, "--by", "Board", "--sign", key}).status == 0);
    REQUIRE(s.adva({"score", path, "O1", "SF_practice", "40", "--rationale", "r", "--by", "Board", "--sign", key}).status == 0);
    CHECK(s.adva({"verify", path, "--pubkey", (s / "board.pub").string()}).status == 0);
    const auto wrong = s.adva({"verify", path, "--pubkey", (s / "other.pub").string()});
    CHECK(wrong.status == 3);
    CHECK(contains(wrong.out, "signature_invalid"));
    const auto not_a_key = s.adva({"lock", path, "--by", "Board", "--sign", (s / "board.pub").string()});
    CHECK(not_a_key.status == 2);
}

TEST_CASE("the examples a new user starts from run as documented", "[cli][examples]") {
    const scratch s;
    const std::string minimal = std::string(ADVA_SOURCE_DIR) + "/examples/minimal.json";
    const auto valid = s.adva({"validate", minimal});
    CHECK(valid.status == 0);
    CHECK(contains(valid.out, "3 criteria (3 leaves), 1 gates, 3 options, 9 scores"));
    const auto appraised = s.adva({"appraise", minimal, "--format", "json"});
    REQUIRE(appraised.status == 0);
    const auto doc = nlohmann::json::parse(appraised.out);
    CHECK(doc["ranking"].size() == 2);  // C fails the statutory-duty gate; A is business as usual
    CHECK(doc["value_for_money"].size() == 2);
    CHECK_FALSE(doc.contains("improvement_over_time"));  // the minimal model has no improvement section
    CHECK_FALSE(contains(s.adva({"appraise", minimal}).out, "Improvement over time"));
    CHECK(s.adva({"report", minimal, "--out", (s / "minimal.html").string()}).status == 0);

    // The scenario file names its model relative to itself.
    const std::string out = (s / "runs.jsonl").string();
    const auto batch = s.adva({"batch", std::string(ADVA_SOURCE_DIR) + "/examples/scenarios.json", "--out", out});
    REQUIRE(batch.status == 0);
    std::size_t lines = 0, ok = 0;
    std::istringstream runs(read_text(out));
    std::size_t costed = 0;
    for (std::string line; std::getline(runs, line); ++lines) {
        const auto j = nlohmann::json::parse(line);
        ok += j["status"] == "ok";
        costed += j.contains("value_for_money");
    }
    // 4 scenarios + 5 sweep points + 3 (stakeholders: 2 groups and the consensus) + 3 cost changes
    CHECK(lines == 15);
    CHECK(ok == lines);
    CHECK(costed == lines);  // A and B have costs: every line carries their value for money
}

TEST_CASE("validate reports every error located by line and column; other commands the first", "[cli][validate]") {
    const scratch s;
    const std::string path = (s / "three.json").string();
    write_text(path, R"({
  "adva_model": 1,
  "context": {"horizon_years": 5, "discount_rate": 1.5},
  "criteria": [
    {"id": "a", "weight": 1},
    {"id": "b", "weight": 1, "parent": "x"}
  ],
  "options": [
    {"id": "O1", "vehicle": "in_house", "scores": {"a": 50, "b": 20, "c/7": 10}}
  ]
}
)");
    const auto text = s.adva({"validate", path});
    CHECK(text.status == 2);
    CHECK(text.out.empty());
    CHECK(text.err ==
          path + ":3:52: [adva.model.bad_context] /context/discount_rate: discount rate must be in [0, 1) (seen: 1.5)\n" +
              path + ":6:40: [adva.model.unknown_id] /criteria/1/parent: parent is not a criterion (known, closest first: a, b) (seen: \"x\")\n" +
              path + ":9:77: [adva.model.unknown_id] /options/0/scores/c~17: score refers to an unknown criterion (known, closest first: a, b) (seen: \"c/7\")\n" +
              "adva: error: 3 errors in " + path + "\n");

    const auto json = s.adva({"validate", path, "--format", "json"});
    CHECK(json.status == 2);
    const auto doc = nlohmann::json::parse(json.out);
    CHECK(doc["valid"] == false);
    CHECK(doc["errors_not_shown"] == 0);
    REQUIRE(doc["errors"].size() == 3);
    CHECK(doc["errors"][2] == nlohmann::json{{"id", "adva.model.unknown_id"}, {"pointer", "/options/0/scores/c~17"}, {"line", 9},
                                             {"column", 77}, {"message", "score refers to an unknown criterion (known, closest first: a, b)"},
                                             {"seen", "\"c/7\""}});
    const auto valid = s.adva({"validate", example, "--format", "json"});
    CHECK(valid.status == 0);
    CHECK(nlohmann::json::parse(valid.out)["valid"] == true);
    CHECK(s.adva({"validate", path, "--format", "xml"}).status == 2);

    // appraise stops at the first error, located the same way.
    const auto appraise = s.adva({"appraise", path});
    CHECK(appraise.status == 2);
    CHECK(appraise.err == "adva: error: " + path +
                              ":3:52: [adva.model.bad_context] /context/discount_rate: discount rate must be in [0, 1) (seen: 1.5)\n");

    // Beyond the bound: the first 100, then how many more.
    std::string many = R"({"adva_model": 1, "context": {}, "criteria": [{"id": "a", "weight": 1}], "options": [)";
    for (int i = 0; i < 250; ++i) many += (i ? "," : "") + std::string(R"({"id": "O)") + std::to_string(i) + R"(", "vehicle": "v"})";
    write_text(s / "many.json", many + "]}");
    const auto bounded = s.adva({"validate", (s / "many.json").string()});
    CHECK(bounded.status == 2);
    CHECK(std::count(bounded.err.begin(), bounded.err.end(), '\n') == 102);
    CHECK(contains(bounded.err, "\n… and 150 more\nadva: error: 250 errors in "));
}
