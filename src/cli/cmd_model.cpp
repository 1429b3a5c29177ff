// The model commands of adva: appraise, questions, validate, init and explain (the decision record:
// cmd_record.cpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "adva/analysis/appraise.hpp"
#include "adva/io/decision_report.hpp"
#include "adva/io/model_json.hpp"
#include "adva/io/report.hpp"
#include "adva/io/robustness_json.hpp"
#include "adva/io/trajectory_report.hpp"
#include "adva/known_ids.hpp"
#include "adva/model/appraisal.hpp"
#include "adva/model/governance.hpp"
#include "cli_output.hpp"
#include "cli_support.hpp"
#include "commands.hpp"

namespace adva::cli {

namespace {

/// The model named on the command line, or the embedded default when none is given.
appraisal model_or_default(const parsed_args& p, std::size_t position = 0) {
    if (p.positional.size() > position) return io::load_model(p.positional[position]);
    return io::default_model();
}

std::string number(double v, int decimals) {
    if (!std::isfinite(v)) return "n/a";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string signed_number(double v, int decimals) {
    std::string s = number(v, decimals);
    if (std::isfinite(v) && v >= 0 && s.find_first_not_of("0.") != std::string::npos) s.insert(0, "+");
    return s;
}

const char* kind_text(question_kind k) {
    switch (k) {
        case question_kind::weight: return "weight";
        case question_kind::gate: return "gate";
        case question_kind::anchor: return "anchor";
        case question_kind::context: return "context";
    }
    return "context";
}

std::string criterion_label(const appraisal& m, const std::string& id) {
    const auto i = m.criterion_index(id);
    return i ? id + " (" + m.criteria[*i].name + ")" : id;
}

std::string gate_label(const appraisal& m, const std::string& id) {
    const auto i = m.gate_index(id);
    return i ? id + " (" + m.gates[*i].name + ")" : id;
}

std::string group_label(const appraisal& m, const std::string& id) {
    const auto i = m.group_index(id);
    return i && !m.groups[*i].name.empty() ? id + " (" + m.groups[*i].name + ")" : id;
}

void write_wrapped(std::ostream& out, const std::string& text, std::size_t indent, std::size_t width = 100) {
    std::istringstream words(text);
    std::string word, line;
    while (words >> word) {
        if (!line.empty() && indent + line.size() + 1 + word.size() > width) {
            out << std::string(indent, ' ') << line << '\n';
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
    }
    if (!line.empty()) out << std::string(indent, ' ') << line << '\n';
}

// --- help texts ----------------------------------------------------------------------------------

constexpr const char* appraise_help =
    "usage: adva appraise [MODEL] [--format table|json|csv|markdown] [--group NAME] [--strict]\n"
    "                     [--out FILE [--force]]\n"
    "\n"
    "Appraises a model: gate screening with reasons, the ranked short list with totals and main\n"
    "contributions, dominance, value for money and the lock status. Without MODEL, the embedded\n"
    "children's services model (illustrative) is used. MODEL '-' reads standard input.\n"
    "\n"
    "  --format F    table (default, for people), json (schema/result.schema.json; with the\n"
    "                improvement section's trajectories when the model has one), csv, markdown\n"
    "  --group NAME  use one stakeholder group's weights instead of the consensus\n"
    "  --strict      exit with status 3, writing nothing, unless the decision record verifies with\n"
    "                no finding at all (adva verify --strict)\n"
    "  --out FILE    write the report to FILE instead of standard output: replaced whole, never\n"
    "                MODEL itself; a device or FIFO such as /dev/null is written into\n"
    "  --force       replace FILE if it exists\n";

constexpr const char* report_help =
    "usage: adva report [MODEL] [--group NAME] [--format html|markdown] [--interactive] [--timestamp]\n"
    "                   [--strict] [--out FILE [--force]]\n"
    "\n"
    "The decision report for a cabinet paper: summary in plain English, trigger and context, function\n"
    "before form, long list to short list, criteria, weights by group, scores with rationales, ranking\n"
    "with contribution bars, dominance, value for money, improvement over time (fan charts of each\n"
    "option's path to the target grade), sensitivity, SMAA rank acceptability, stakeholder and\n"
    "method comparison, and the decision record (docs/report.md). HTML is one\n"
    "self-contained file (inline CSS and SVG charts, each with its data table; prints on A4); the same\n"
    "input gives the same bytes. Without MODEL, the embedded children's services model is used.\n"
    "\n"
    "  --group NAME    use one stakeholder group's weights instead of the consensus\n"
    "  --format F      html (default) or markdown (the same sections as text tables)\n"
    "  --interactive   html: add the live weights section (a slider per top-level weight, a small\n"
    "                  inline script, no network)\n"
    "  --timestamp     print the time of writing under the title (left out by default)\n"
    "  --strict        exit with status 3, writing nothing, unless the decision record verifies with\n"
    "                  no finding at all\n"
    "  --out FILE      write to FILE instead of standard output (never MODEL itself)\n"
    "  --force         replace FILE if it exists\n";

constexpr const char* questions_help =
    "usage: adva questions [MODEL] [--group NAME] [--format table|json]\n"
    "\n"
    "Lists the question set by function (function before form): each question's kind (weight, gate,\n"
    "anchor, context), the criteria and gates it is linked to, and the answers of each stakeholder\n"
    "group. Without MODEL, the embedded default model is used.\n"
    "\n"
    "  --group NAME  show only this group's answers\n"
    "  --format F    table (default) or json (the model's functions array)\n";

constexpr const char* validate_help =
    "usage: adva validate MODEL [--format text|json]\n"
    "\n"
    "Checks every rule of the model format (docs/model-format.md). Prints 'valid' with the model's\n"
    "counts and governance state (locked, digest verified / unlocked / modified after lock), or every\n"
    "error found (the first 100, then how many more), one a line on standard error as\n"
    "FILE:LINE:COLUMN: [id] JSON-pointer: rule (seen: value), with exit status 2. A syntax error\n"
    "stops the reading: it is the only error reported.\n"
    "\n"
    "  --format F    text (default) or json: {\"valid\", \"errors\": [{id, pointer, line, column,\n"
    "                message, seen}], \"errors_not_shown\"} on standard output (exit status 2 if any)\n";

constexpr const char* init_help =
    "usage: adva init [--trigger direction|voluntary] [--title TEXT] [--organisation TEXT] [--out FILE] [--force]\n"
    "\n"
    "Writes a starter model: a blank framing with the default question set, criteria tree, gates and\n"
    "options; no answers, no weights (they come from the groups' answers), no scores.\n"
    "Without --out (or with --out -) the model goes to standard output.\n"
    "\n"
    "  --title TEXT         the appraisal's title (context.title), shown by questions, appraise and report\n"
    "  --organisation TEXT  the council or body making the decision (context.organisation)\n"
    "  --trigger T  what prompted the appraisal (default: direction):\n"
    "               direction  a statutory direction (Education Act 1996 s497A): the DfE commissioner\n"
    "                          is a stakeholder group and the direction's gates apply\n"
    "               voluntary  the council reviews its options of its own accord: no commissioner,\n"
    "                          the operational-independence gate answered \"does not apply\" (with why)\n"
    "  --out FILE  write to FILE (refuses to overwrite an existing file); a device or FIFO such\n"
    "              as /dev/null is written into\n"
    "  --force     overwrite FILE if it exists\n";

constexpr const char* explain_help =
    "usage: adva explain MODEL A B [--group NAME] [--format table|json]\n"
    "\n"
    "Why does option A score more (or less) than option B? The gap between their totals broken\n"
    "down by leaf criterion (global weight x value difference), largest first, with the rationale\n"
    "recorded for each option's score under its line.\n"
    "\n"
    "  --group NAME  use one stakeholder group's weights instead of the consensus\n"
    "  --format F    table (default) or json\n";

}  // namespace

void check_group(const appraisal& model, const std::string& group, const std::string& command) {
    if (group.empty() || model.group_index(group)) return;
    throw invalid_input("adva.cli.unknown_group", "--group",
                        "no stakeholder group with this id in the model (" + known_ids_text(group, ids_of(model.groups)) + "; see 'adva " +
                            command + " --help')",
                        "\"" + group + "\"");
}

// --- appraise ------------------------------------------------------------------------------------

int run_appraise(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "appraise", {{"format"}, {"group"}, {"out"}, {"force", false}, {"strict", false}}, 0, 1);
        if (p.help) {
            out << appraise_help;
            return 0;
        }
        const io::report_format format = io::parse_report_format(p.value("format").value_or("table"));
        const auto target =
            output_option(p, "out", p.positional.empty() ? input_files{} : input_files{{p.positional[0], "the model file"}});
        const appraisal model = model_or_default(p);
        appraise_options options;
        options.group = p.value("group").value_or(std::string());
        check_group(model, options.group, "appraise");
        const appraisal_result result = appraise(model, options);
        // --strict: a report is produced only from a record that verifies, warnings included.
        if (p.flag("strict")) require_verified(result.governance, true);

        // With the consensus, show where the stakeholder groups would put a different option first.
        io::report_extras extras;
        if (options.group.empty() && format != io::report_format::csv) {
            for (const auto& w : group_weights(model)) {
                appraise_options by_group = options;
                by_group.group = w.name;
                extras.by_group.push_back(appraise(model, by_group));
            }
        }
        if (format == io::report_format::json || format == io::report_format::table) {
            const auto summary = summarise_robustness(model, result);
            extras.robustness = io::robustness_summary_to_json(summary);
            extras.robustness_text = io::robustness_summary_table(summary);
        }
        // Improvement over time, as the decision report computes it (the Markdown report has its own section).
        if (format == io::report_format::json) extras.improvement_over_time = io::improvement_over_time_json(model);
        if (format == io::report_format::table) {
            const io::decision_report_options report;
            if (const auto trajectories = io::report_trajectories(model, report))
                extras.improvement_over_time_text = io::trajectory_summary_table(model, *trajectories, io::report_trajectory_options(report));
        }
        emit(target, out, io::render_report(model, result, format, extras));
        return 0;
    });
}

// --- questions -----------------------------------------------------------------------------------

int run_questions(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "questions", {{"group"}, {"format"}}, 0, 1);
        if (p.help) {
            out << questions_help;
            return 0;
        }
        const std::string format = p.value("format").value_or("table");
        if (format != "table" && format != "json")
            throw invalid_input("adva.report.format", "--format", "questions prints table or json", "\"" + format + "\"");
        const appraisal model = model_or_default(p);
        const std::string group = p.value("group").value_or(std::string());
        check_group(model, group, "questions");

        if (format == "json") {
            nlohmann::json functions = io::model_to_json(model).value("functions", nlohmann::json::array());
            if (!group.empty())
                for (auto& f : functions)
                    for (auto& q : f["questions"]) {
                        auto& answers = q["answers"];
                        nlohmann::json kept = nlohmann::json::array();
                        for (auto& x : answers)
                            if (x.value("group", "") == group) kept.push_back(x);
                        answers = kept;
                    }
            out << functions.dump(2) << '\n';
            return 0;
        }

        std::map<std::string, int> kinds;
        std::size_t count = 0;
        for (const auto& f : model.functions)
            for (const auto& q : f.questions) {
                ++kinds[kind_text(q.kind)];
                ++count;
            }
        out << "Question set: " << (model.context.title.empty() ? "(no title: context.title in the model)" : model.context.title) << '\n';
        out << count << " questions in " << model.functions.size() << " functions (" << kinds["weight"] << " weight, "
            << kinds["gate"] << " gate, " << kinds["anchor"] << " anchor, " << kinds["context"] << " context)";
        if (!group.empty()) out << "; answers of " << group_label(model, group);
        out << '\n';

        for (const auto& f : model.functions) {
            out << '\n' << f.id << "  " << f.name << '\n';
            if (!f.description.empty()) write_wrapped(out, f.description, 4);
            for (const auto& q : f.questions) {
                out << '\n';
                std::ostringstream head;
                head << q.id << " [" << kind_text(q.kind) << "] " << q.text;
                write_wrapped(out, head.str(), 2);
                if (!q.guidance.empty()) write_wrapped(out, "guidance: " + q.guidance, 6);
                if (!q.criteria.empty()) {
                    std::string s;
                    for (const auto& c : q.criteria) s += (s.empty() ? "" : ", ") + criterion_label(model, c);
                    write_wrapped(out, "criteria: " + s, 6);
                }
                if (!q.gates.empty()) {
                    std::string s;
                    for (const auto& g : q.gates) s += (s.empty() ? "" : ", ") + gate_label(model, g);
                    write_wrapped(out, "gates: " + s, 6);
                }
                std::size_t shown = 0;
                for (const auto& ans : q.answers) {
                    if (!group.empty() && ans.group != group) continue;
                    ++shown;
                    write_wrapped(out, "answer of " + group_label(model, ans.group) + (ans.by.empty() ? "" : ", by " + ans.by) + ":", 6);
                    if (!ans.text.empty()) write_wrapped(out, ans.text, 10);
                    if (!ans.rationale.empty()) write_wrapped(out, "why: " + ans.rationale, 10);
                    if (!ans.swing.empty()) {
                        std::string s;
                        for (const auto& c : q.criteria)  // question order, not map order
                            if (const auto it = ans.swing.find(c); it != ans.swing.end())
                                s += (s.empty() ? "" : ", ") + c + " " + number(it->second, 0);
                        write_wrapped(out, "swing: " + s, 10);
                    }
                    if (const std::string how = elicitation_text(ans); !how.empty()) write_wrapped(out, how, 10);
                }
                if (shown == 0) out << "      (no answer yet)\n";
            }
        }
        return 0;
    });
}

// --- validate ------------------------------------------------------------------------------------

int run_validate(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "validate", {{"format"}}, 1, 1);
        if (p.help) {
            out << validate_help;
            return 0;
        }
        const std::string format = p.value("format").value_or("text");
        if (format != "text" && format != "json")
            throw invalid_input("adva.report.format", "--format", "validate prints text or json", "\"" + format + "\"");
        const io::model_check check = io::check_model_file(p.positional[0]);  // every error, located
        const std::size_t not_shown = check.error_count - check.errors.size();
        if (format == "json") {
            nlohmann::json errors = nlohmann::json::array();
            for (const auto& e : check.errors)
                errors.push_back({{"id", e.id()}, {"pointer", e.where()}, {"line", e.position().line},
                                  {"column", e.position().column}, {"message", e.rule()}, {"seen", e.seen()}});
            const nlohmann::json report = {{"valid", check.error_count == 0}, {"errors", errors}, {"errors_not_shown", not_shown}};
            out << report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
            if (check.error_count > 0) return int(exit_status::invalid);
        } else if (check.error_count > 0) {
            for (const auto& e : check.errors) err << e.what() << '\n';  // error::format: one place for the layout
            if (not_shown > 0) err << "… and " << not_shown << " more\n";
            err << "adva: error: " << check.error_count << (check.error_count == 1 ? " error" : " errors") << " in "
                << p.positional[0] << '\n';
            return int(exit_status::invalid);
        }
        const appraisal& model = *check.model;
        if (format == "json") return 0;
        std::size_t questions = 0, scores = 0;
        for (const auto& f : model.functions) questions += f.questions.size();
        const std::size_t leaves = detail::index_tree(model).leaves.size();  // linear (is_leaf per node is quadratic)
        for (const auto& o : model.options) scores += o.scores.size();
        const governance_status g = check_governance(model);

        out << "valid: " << p.positional[0] << '\n';
        if (!model.context.title.empty()) out << "  title        " << model.context.title << '\n';
        out << "  contents     " << model.functions.size() << " functions, " << questions << " questions, "
            << model.criteria.size() << " criteria (" << leaves << " leaves), " << model.gates.size() << " gates, "
            << model.options.size() << " options, " << scores << " scores\n";
        out << "  governance   " << io::lock_status_text(g) << "; weights revised after scoring: "
            << g.weights_revised_after_scoring << '\n';
        if (model.illustrative) out << "  illustrative yes: figures are illustrative, not evidence\n";
        for (const auto& w : g.warnings) out << "  warning      " << w << '\n';
        return 0;
    });
}

// --- init ----------------------------------------------------------------------------------------

int run_init(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "init", {{"trigger"}, {"title"}, {"organisation"}, {"out"}, {"force", false}}, 0, 0);
        if (p.help) {
            out << init_help;
            return 0;
        }
        const std::string trigger = p.value("trigger").value_or("direction");
        if (trigger != "direction" && trigger != "voluntary")
            throw invalid_input("adva.init.trigger", "--trigger", "the trigger is direction or voluntary", "\"" + trigger + "\"");
        const auto target = output_option(p, "out");
        appraisal model = io::starter_model(trigger == "voluntary" ? io::appraisal_trigger::voluntary : io::appraisal_trigger::direction);
        model.context.title = p.text("title").value_or(std::string());
        model.context.organisation = p.text("organisation").value_or(std::string());
        const std::string text = io::model_to_text(model);
        if (!target) {
            out << text;
            return 0;
        }
        if (!write_result(*target, text)) return 0;
        const std::string path = target->path().string();
        out << "wrote starter model to " << path
            << (model.context.title.empty() ? "\nnext: give it a title (--title, or context.title in the file)," : "\nnext:")
            << " answer the questions (adva questions " << path << "), adva lock " << path
            << " --by NAME, score the options (adva score " << path << " --from SCORES.json ...), adva appraise "
            << path << '\n';
        return 0;
    });
}

// --- report ------------------------------------------------------------------------------------

int run_report(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "report",
                                  {{"group"}, {"format"}, {"interactive", false}, {"timestamp", false}, {"strict", false}, {"out"}, {"force", false}},
                                  0, 1);
        if (p.help) {
            out << report_help;
            return 0;
        }
        const std::string format = p.value("format").value_or("html");
        if (format != "html" && format != "markdown")
            throw invalid_input("adva.report.format", "--format", "report writes html or markdown", "\"" + format + "\"");
        if (p.flag("interactive") && format != "html")
            throw usage_error("report", "--interactive adds a section to the HTML report: it needs --format html");
        const auto target =
            output_option(p, "out", p.positional.empty() ? input_files{} : input_files{{p.positional[0], "the model file"}});
        const appraisal model = model_or_default(p);
        io::decision_report_options options;
        options.group = p.value("group").value_or(std::string());
        check_group(model, options.group, "report");
        const io::decision_report report = io::assemble_decision_report(model, options);
        if (p.flag("strict")) require_verified(report.result.governance, true);
        const std::string model_path = p.positional.empty() || p.positional[0] == "-" ? std::string("MODEL") : p.positional[0];
        if (format == "markdown") {
            emit(target, out, io::markdown_decision_report(model, report, model_path));
        } else {
            io::html_options html;
            html.interactive = p.flag("interactive");
            html.model_path = model_path;
            if (p.flag("timestamp")) html.generated_at = utc_now();
            emit(target, out, io::html_report(model, report, html));
        }
        return 0;
    });
}

// --- explain -------------------------------------------------------------------------------------

int run_explain(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "explain", {{"group"}, {"format"}}, 3, 3);
        if (p.help) {
            out << explain_help;
            return 0;
        }
        const std::string format = p.value("format").value_or("table");
        if (format != "table" && format != "json")
            throw invalid_input("adva.report.format", "--format", "explain prints table or json", "\"" + format + "\"");
        const appraisal model = io::load_model(p.positional[0]);
        appraise_options options;
        options.group = p.value("group").value_or(std::string());
        check_group(model, options.group, "explain");
        const appraisal_result result = appraise(model, options);
        const explanation e = result.explain(p.positional[1], p.positional[2]);

        auto option_name = [&](const std::string& id) {
            const auto i = model.option_index(id);
            return i ? model.options[*i].name : id;
        };
        auto criterion_name = [&](const std::string& id) {
            const auto i = model.criterion_index(id);
            return i ? model.criteria[*i].name : id;
        };

        // Why an option has its score on a criterion, as recorded with the score ("" when not).
        auto rationale = [&](const std::string& option_id, const std::string& criterion_id) -> const std::string& {
            static const std::string none;
            const auto o = model.option_index(option_id);
            if (!o) return none;
            const auto& scores = model.options[*o].scores;
            const auto it = scores.find(criterion_id);
            return it == scores.end() ? none : it->second.rationale;
        };

        if (format == "json") {
            nlohmann::json lines = nlohmann::json::array();
            for (const auto& l : e.lines) {
                nlohmann::json line = {{"criterion", l.criterion}, {"name", criterion_name(l.criterion)}, {"weight", l.weight},
                                       {"value_a", l.value_a}, {"value_b", l.value_b}, {"contribution_gap", l.contribution_gap}};
                if (const auto& why = rationale(e.a, l.criterion); !why.empty()) line["rationale_a"] = why;
                if (const auto& why = rationale(e.b, l.criterion); !why.empty()) line["rationale_b"] = why;
                lines.push_back(std::move(line));
            }
            const nlohmann::json doc = {{"a", e.a}, {"b", e.b}, {"weights", result.weights_name}, {"total_a", e.total_a},
                                        {"total_b", e.total_b}, {"gap", e.gap}, {"lines", lines}};
            out << doc.dump(2) << '\n';
            return 0;
        }

        std::ostringstream head;
        head << "Why " << e.a << " (" << option_name(e.a) << ", " << number(e.total_a, 1) << ") "
             << (e.gap >= 0 ? "beats " : "trails ") << e.b << " (" << option_name(e.b) << ", " << number(e.total_b, 1)
             << "): gap " << signed_number(e.gap, 2) << " points, "
             << (result.weights_name == "consensus" ? std::string("consensus weights") : result.weights_name + " weights");
        write_wrapped(out, head.str(), 0);
        out << '\n';
        std::size_t width = 9;
        for (const auto& l : e.lines) width = std::max(width, l.criterion.size() + 2 + criterion_name(l.criterion).size());
        width = std::min<std::size_t>(width, 60);
        auto cell = [](std::string s, std::size_t w, bool left) {
            if (s.size() > w) s = s.substr(0, w);
            return left ? s + std::string(w - s.size(), ' ') : std::string(w - s.size(), ' ') + s;
        };
        out << "  " << cell("criterion", width, true) << cell("weight", 9, false) << cell(e.a, 10, false)
            << cell(e.b, 10, false) << cell("gap", 9, false) << '\n';
        for (const auto& l : e.lines) {
            out << "  " << cell(l.criterion + "  " + criterion_name(l.criterion), width, true)
                << cell(number(100.0 * l.weight, 1) + "%", 9, false) << cell(number(l.value_a, 1), 10, false)
                << cell(number(l.value_b, 1), 10, false) << cell(signed_number(l.contribution_gap, 2), 9, false) << '\n';
            for (const auto& id : {e.a, e.b})
                if (const auto& why = rationale(id, l.criterion); !why.empty()) write_wrapped(out, id + ": " + why, 6);
        }
        out << "  " << cell("total", width, true) << cell("", 9, false) << cell(number(e.total_a, 1), 10, false)
            << cell(number(e.total_b, 1), 10, false) << cell(signed_number(e.gap, 2), 9, false) << '\n';
        out << "\nEach gap is the criterion's global weight times the difference in value (0-100); the gaps\n"
               "add up to the difference in totals.\n";
        return 0;
    });
}

}  // namespace adva::cli
