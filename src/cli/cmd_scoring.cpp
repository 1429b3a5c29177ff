// The scoring commands of adva: criteria (what to enter for each leaf), scoresheet (a sheet for a
// scoring panel) and import-scores (the sheet read back): docs/scoring.md.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <optional>
#include <ostream>
#include <string>

#include "adva/io/decode.hpp"
#include "adva/io/model_json.hpp"
#include "adva/io/report.hpp"
#include "adva/io/scoring_sheet.hpp"
#include "cli_output.hpp"
#include "cli_record.hpp"
#include "cli_support.hpp"
#include "commands.hpp"

namespace adva::cli {

namespace {

constexpr const char* criteria_help =
    "usage: adva criteria [MODEL] [--format table|json|csv|markdown] [--group NAME]\n"
    "\n"
    "What to enter for each leaf criterion: its place in the value tree, the critical success factor\n"
    "and function it comes from, direction, unit, the domain of valid levels and what a level outside\n"
    "it does, the scale (fixed or relative), what 0 and 100 mean, the value function in words and the\n"
    "weight. Without MODEL, the embedded children's services model is used.\n"
    "\n"
    "  --format F    table (default, for people), json, csv or markdown\n"
    "  --group NAME  show one stakeholder group's weights instead of the consensus\n";

constexpr const char* scoresheet_help =
    "usage: adva scoresheet [MODEL] --out FILE [--format csv|xlsx] [--group NAME] [--force]\n"
    "\n"
    "Writes a sheet for a scoring panel: one row per option and leaf criterion, every option (those\n"
    "discounted at screening are marked in column 'screening' and may still be scored), with the\n"
    "unit, domain, anchors, what to enter, the weight, and the current score (distribution, value,\n"
    "low, high, sd; blank when unscored), rationale, the option's evidence and who recorded the\n"
    "score. The panel fills it in; adva import-scores reads it back (docs/scoring.md).\n"
    "Without MODEL, the embedded children's services model is used.\n"
    "\n"
    "  --out FILE    the sheet (required): replaced whole, never MODEL; - for standard output (csv)\n"
    "  --format F    csv or xlsx (an Excel workbook: one sheet, numbers as numbers, text never a\n"
    "                formula); by default the extension of FILE decides (.xlsx, else csv)\n"
    "  --group NAME  the weights column shows this stakeholder group's weights, not the consensus\n"
    "  --force       replace FILE if it exists\n";

constexpr const char* import_help =
    "usage: adva import-scores MODEL --from SHEET --by NAME --rationale TEXT [--format csv|xlsx]\n"
    "                          [--at TIME] [--sign KEY] [--out FILE [--force]]\n"
    "\n"
    "Reads a scoring sheet (adva scoresheet, filled in by the panel) and applies its scores, all or\n"
    "nothing. Blank rows are left unscored and rows equal to the model's scores change nothing.\n"
    "With a locked framing the scores are recorded as adva score records them: one audit entry per\n"
    "scorer (column scored_by, else --by), each row keeping its rationale. Every error names the\n"
    "row and column of the sheet and the rule.\n"
    "\n"
    "  --from SHEET      the sheet: CSV or an Excel workbook (- for standard input)\n"
    "  --format F        csv or xlsx; by default the extension of SHEET decides (.xlsx, else csv)\n"
    "  --by NAME         who imports; the scorer of rows without scored_by (required)\n"
    "  --rationale TEXT  why (required); also the rationale of rows that give none\n"
    "  --at TIME         UTC time to record, YYYY-MM-DDTHH:MM:SSZ; default: now\n"
    "  --sign KEY        sign the entries with this Ed25519 private key (PEM)\n"
    "  --out FILE        write the model to FILE instead of MODEL (- for standard output)\n"
    "  --force           replace FILE if it exists (rewriting MODEL itself needs no --force)\n";

/// Whether `path` is a terminal: a workbook's bytes are not for one.
bool is_terminal(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISCHR(st.st_mode)) return false;
    const int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return false;
    const bool terminal = ::isatty(fd) == 1;
    ::close(fd);
    return terminal;
}

}  // namespace

int run_criteria(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "criteria", {{"format"}, {"group"}}, 0, 1);
        if (p.help) {
            out << criteria_help;
            return 0;
        }
        const auto format = io::parse_report_format(p.value("format").value_or("table"));
        const appraisal model = p.positional.empty() ? io::default_model() : io::load_model(p.positional[0]);
        out << io::render_criterion_guides(io::criterion_guides(model, p.value("group").value_or("")), format);
        return 0;
    });
}

int run_scoresheet(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "scoresheet", {{"out"}, {"format"}, {"group"}, {"force", false}}, 0, 1);
        if (p.help) {
            out << scoresheet_help;
            return 0;
        }
        const auto path = p.value("out");
        if (!path) throw usage_error("scoresheet", "--out FILE is required (- for standard output)");
        const auto format = io::scoresheet_format(*path, p.value("format").value_or(""));
        if (format == io::sheet_format::xlsx && (*path == "-" || is_terminal(*path)))
            throw invalid_input("adva.scoresheet.format", "--out",
                                "a workbook (xlsx) is binary: write it to a file such as sheet.xlsx; standard output and "
                                "terminals take csv",
                                quote_seen(*path));
        input_files inputs;
        if (!p.positional.empty()) inputs.emplace_back(p.positional[0], "the model file");
        const auto target = output_option(p, "out", inputs);
        const appraisal model = p.positional.empty() ? io::default_model() : io::load_model(p.positional[0]);
        const auto sheet = io::scoresheet(model, p.value("group").value_or(""));
        const std::string text = format == io::sheet_format::xlsx ? io::sheet_to_xlsx(sheet) : io::sheet_to_csv(sheet);
        if (!target) {
            out << text;
            return 0;
        }
        if (!write_result(*target, text)) return 0;
        out << "wrote " << target->path().string() << ": " << sheet.rows.size() - 1
            << " rows, one per option and leaf criterion\n";
        return 0;
    });
}

int run_import_scores(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "import-scores",
                                  {{"from"}, {"format"}, {"by"}, {"rationale"}, {"at"}, {"sign"}, {"out"}, {"force", false}}, 1, 1);
        if (p.help) {
            out << import_help;
            return 0;
        }
        const auto from = p.value("from");
        if (!from) throw usage_error("import-scores", "--from SHEET is required");
        const auto format = io::scoresheet_format(*from, p.value("format").value_or(""));
        const auto by = p.text("by");
        if (!by || by->find_first_not_of(" \t") == std::string::npos)
            throw usage_error("import-scores", "--by NAME is required: the record keeps who scored");
        const auto rationale = p.text("rationale");
        if (!rationale || rationale->find_first_not_of(" \t") == std::string::npos)
            throw usage_error("import-scores", "--rationale TEXT is required: the record keeps why scores changed");
        const io::import_request request{request_from(p), *rationale};
        appraisal model = io::load_model(p.positional[0]);
        const auto target = model_output(p);
        const auto scores = io::read_sheet_scores(model, io::read_sheet(*from, format));
        const auto summary = io::import_scores(model, scores, request);
        for (const auto& w : summary.warnings) err << "adva: warning: " << w << '\n';

        audit_entry changes;  // only to word the changes as the record does
        changes.changes = summary.changes;
        std::string text = summary.changes.empty() ? std::string("no score changed") : io::score_changes_text(changes, 20);
        text += "; " + std::to_string(summary.unchanged) + " row" + (summary.unchanged == 1 ? "" : "s") + " unchanged";
        if (model.governance.locked)
            text += "; " + std::to_string(summary.entries) + " audit entr" + (summary.entries == 1 ? "y" : "ies") + " recorded";
        write_model(target, model, out, "imported: " + text + "\n");
        return 0;
    });
}

}  // namespace adva::cli
