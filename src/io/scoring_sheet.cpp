// Scoring by a panel: the criteria guide, the scoring sheet and its import (adva/io/scoring_sheet.hpp,
// docs/scoring.md).
#include "adva/io/scoring_sheet.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "adva/analysis/appraise.hpp"
#include "adva/analysis/model_weights.hpp"
#include "adva/analysis/screening.hpp"
#include "adva/analysis/values.hpp"
#include "adva/io/decode.hpp"
#include "adva/known_ids.hpp"
#include "decision_text.hpp"
#include "json_names.hpp"
#include "utf8.hpp"

namespace adva::io {

using detail::name_of;
using detail::number_text;
using report_text::csv_field;
using report_text::md;

namespace {

/// The weights a guide or sheet shows: the consensus, or one declared group's.
weight_set shown_weights(const appraisal& model, const std::string& group, const std::string& where) {
    if (!group.empty() && !model.group_index(group))
        throw invalid_input("adva.cli.unknown_group", where,
                            "no stakeholder group with this id in the model (" + known_ids_text(group, ids_of(model.groups)) + ")",
                            detail::quoted(group));
    return adva::detail::appraisal_weights(model, group);
}

std::string domain_text(const criterion& c, const std::optional<std::pair<double, double>>& domain) {
    if (!domain) return "any finite number";
    const std::string unit = c.value.kind == value_function_kind::direct ? std::string("points")
                                                                         : c.value.unit;
    return "[" + number_text(domain->first) + ", " + number_text(domain->second) + "]" + (unit.empty() ? "" : " " + unit);
}

std::string outside_domain_text(const criterion& c) {
    if (c.scale == scale_type::relative)
        return "nothing is outside: the best option scored gets 100 and the worst 0, whatever the numbers";
    if (c.value.kind == value_function_kind::direct)
        return "refused (adva.model.out_of_scale): 0 and 100 are the anchors, the ends of this fixed scale";
    return "refused (adva.model.out_of_scale): the value function is defined on this range only; widening it "
           "changes the framing (reopen with a reason once locked)";
}

std::string enter_text(const criterion& c, const std::optional<std::pair<double, double>>& domain) {
    if (!c.trajectory_measure.empty())
        return "nothing: each option's " + c.trajectory_measure + " is derived from its trajectory (docs/trajectories.md)";
    const std::string better = better_text(c);
    const std::string unit = c.value.unit.empty() ? std::string() : " in " + c.value.unit;
    if (!domain)  // a relative scale
        return "the measured level" + unit + " or a score on a scale of the panel's own, the same for every option (" +
               better + ")";
    const std::string range = number_text(domain->first) + " to " + number_text(domain->second);
    if (c.value.kind == value_function_kind::direct)
        return "a score from " + range + " against the anchors (" + better +
               (c.preference == direction::lower_is_better ? ": a score of 0 is valued 100)" : ")");
    return "the measured level" + unit + ", from " + range + " (" + better + ")";
}

/// The person who last recorded a score for (option, criterion) in the audit trail, by cell.
std::map<std::pair<std::string, std::string>, std::string> recorded_scorers(const appraisal& model) {
    std::map<std::pair<std::string, std::string>, std::string> by;
    for (const auto& e : model.governance.audit)
        if (e.action == "score")
            for (const auto& c : e.changes) by[{c.option, c.criterion}] = e.by;
    return by;
}

std::string where_in(const sheet_table& t, std::size_t row, std::string_view column = {}) {
    const std::size_t line = row < t.lines.size() ? t.lines[row] : row + 1;
    std::string w = t.source + ":" + std::to_string(line);
    if (!column.empty()) w += ": column \"" + std::string(column) + "\"";
    return w;
}

std::string trimmed(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return std::string(s.substr(first, s.find_last_not_of(" \t") - first + 1));
}

}  // namespace

// --- the criteria guide --------------------------------------------------------------------------

std::vector<criterion_guide> criterion_guides(const appraisal& model, const std::string& group, const std::string& where) {
    const weight_set weights = shown_weights(model, group, where);
    const auto tree = adva::detail::index_tree(model);
    std::vector<criterion_guide> out;
    out.reserve(tree.leaves.size());
    for (std::size_t leaf : tree.leaves) {
        const criterion& c = model.criteria[leaf];
        criterion_guide g;
        g.id = c.id;
        g.name = c.name;
        for (std::ptrdiff_t up = tree.parent[leaf]; up >= 0; up = tree.parent[std::size_t(up)]) {
            g.ancestors.insert(g.ancestors.begin(), model.criteria[std::size_t(up)].id);
            const std::string& name = model.criteria[std::size_t(up)].name;
            g.parent_path = (name.empty() ? model.criteria[std::size_t(up)].id : name) + (g.parent_path.empty() ? "" : " > " + g.parent_path);
        }
        g.csf = c.critical_success_factor;
        g.function = c.function;
        g.direction = better_text(c);
        g.unit = c.value.kind == value_function_kind::direct ? std::string() : c.value.unit;
        g.scale = std::string(name_of(c.scale));
        g.domain = score_domain(c);
        g.domain_text = domain_text(c, g.domain);
        g.outside_domain = outside_domain_text(c);
        const bool relative = c.scale == scale_type::relative;
        g.anchor_low = !c.anchor_low.empty() ? c.anchor_low : relative ? "the worst option scored" : "";
        g.anchor_high = !c.anchor_high.empty() ? c.anchor_high : relative ? "the best option scored" : "";
        g.value_function = decision_text::value_function_text(c);
        g.enter = enter_text(c, g.domain);
        g.weight = weights.global[leaf];
        out.push_back(std::move(g));
    }
    return out;
}

nlohmann::json criterion_guides_to_json(const std::vector<criterion_guide>& guides) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& g : guides) {
        nlohmann::json domain = nullptr;
        if (g.domain) domain = {g.domain->first, g.domain->second};
        out.push_back({{"id", g.id},
                       {"name", g.name},
                       {"parents", g.ancestors},
                       {"parent_path", g.parent_path},
                       {"csf", g.csf},
                       {"function", g.function},
                       {"direction", g.direction},
                       {"unit", g.unit},
                       {"scale", g.scale},
                       {"domain", domain},
                       {"domain_text", g.domain_text},
                       {"outside_domain", g.outside_domain},
                       {"anchor_low", g.anchor_low},
                       {"anchor_high", g.anchor_high},
                       {"value_function", g.value_function},
                       {"enter", g.enter},
                       {"weight", g.weight}});
    }
    return out;
}

std::string render_criterion_guides(const std::vector<criterion_guide>& guides, report_format format) {
    using report_text::fixed;
    switch (format) {
        case report_format::json: return criterion_guides_to_json(guides).dump(2) + "\n";
        case report_format::csv: {
            sheet_table t;
            t.rows.push_back({"id", "name", "parent_path", "csf", "function", "direction", "unit", "scale", "domain",
                              "outside_domain", "anchor_low", "anchor_high", "value_function", "enter", "weight"});
            for (const auto& g : guides)
                t.rows.push_back({g.id, g.name, g.parent_path, g.csf, g.function, g.direction, g.unit, g.scale, g.domain_text,
                                  g.outside_domain, g.anchor_low, g.anchor_high, g.value_function, g.enter, number_text(g.weight)});
            return sheet_to_csv(t);
        }
        case report_format::markdown: {
            std::string s = "| id | criterion | under | enter | domain | 0 means | 100 means | value function | scale | weight |\n"
                            "|---|---|---|---|---|---|---|---|---|---:|\n";
            for (const auto& g : guides)
                s += "| " + md(g.id) + " | " + md(g.name) + " | " + md(g.parent_path) + " | " + md(g.enter) + " | " +
                     md(g.domain_text) + " | " + md(g.anchor_low) + " | " + md(g.anchor_high) + " | " + md(g.value_function) +
                     " | " + g.scale + " | " + fixed(g.weight, 3) + " |\n";
            return s;
        }
        case report_format::table: break;
    }
    // For people: a block per criterion, the instruction first.
    std::ostringstream out;
    out << "Leaf criteria: what to enter for each (" << guides.size() << " criteria; weights are global, summing to 1)\n";
    const auto line = [&](const char* label, const std::string& text) {
        if (text.empty()) return;
        const auto lines = report_text::wrap(text, 84);
        out << "    " << report_text::pad_right(label, 12) << lines.front() << '\n';
        for (std::size_t i = 1; i < lines.size(); ++i) out << std::string(16, ' ') << lines[i] << '\n';
    };
    for (const auto& g : guides) {
        out << '\n' << g.id << "  " << g.name << (g.parent_path.empty() ? "" : "  (" + g.parent_path + ")") << "  weight "
            << fixed(g.weight, 3) << '\n';
        line("enter", g.enter);
        line("domain", g.domain_text);
        line("outside", g.outside_domain);
        line("0 means", g.anchor_low);
        line("100 means", g.anchor_high);
        line("value", g.value_function);
        line("scale", g.scale);
        std::string origin;
        if (!g.csf.empty()) origin = "critical success factor " + g.csf;
        if (!g.function.empty()) origin += (origin.empty() ? "" : "; ") + std::string("function ") + g.function;
        line("origin", origin);
    }
    return out.str();
}

// --- the scoring sheet ---------------------------------------------------------------------------

namespace {
// The columns import_scores() reads; the others are for the panel.
const std::vector<std::string> read_columns = {"option", "criterion", "distribution", "value", "low", "high", "sd", "rationale",
                                               "scored_by"};
}  // namespace

const std::vector<std::string>& scoresheet_columns() {
    static const std::vector<std::string> columns = {
        "option", "option_name", "screening", "criterion", "criterion_name", "unit", "domain", "anchor_0", "anchor_100",
        "enter", "weight", "distribution", "value", "low", "high", "sd", "rationale", "evidence", "scored_by"};
    return columns;
}

sheet_table scoresheet(const appraisal& model, const std::string& group, const std::string& where) {
    const auto guides = criterion_guides(model, group, where);
    // Screening as appraise() does it (gates on the node values, all options defining relative
    // scales), without its need for complete scores: an unscored threshold gate is "unknown".
    const weight_set weights = shown_weights(model, group, where);
    const auto screening = screen(model, node_values(model, weights.local, std::vector<bool>(model.options.size(), true)), weights);
    const auto scorers = recorded_scorers(model);

    sheet_table t;
    t.rows.push_back(scoresheet_columns());
    for (std::size_t o = 0; o < model.options.size(); ++o) {
        const option& opt = model.options[o];
        const screening_entry& s = screening[o];
        const std::string screened = s.reason.empty() ? std::string("short list") : s.reason;
        for (const auto& g : guides) {
            if (!model.criteria[*model.criterion_index(g.id)].trajectory_measure.empty()) continue;  // derived, not scored
            std::vector<std::string> row = {opt.id, opt.name, screened, g.id, g.name, g.unit, g.domain_text, g.anchor_low,
                                            g.anchor_high, g.enter, report_text::fixed(g.weight, 4)};
            const auto it = opt.scores.find(g.id);
            if (it == opt.scores.end()) {
                row.insert(row.end(), {"", "", "", "", "", "", opt.evidence, ""});
            } else {
                const score& sc = it->second;
                const auto n = [](double v) { return number_text(v); };
                std::string value, low, high, sd;
                switch (sc.kind) {
                    case uncertainty::point: value = n(sc.value); break;
                    case uncertainty::range: low = n(sc.low), high = n(sc.high); break;
                    case uncertainty::triangular:
                    case uncertainty::pert: value = n(sc.value), low = n(sc.low), high = n(sc.high); break;
                    case uncertainty::normal: value = n(sc.value), sd = n(sc.sd); break;
                }
                const auto by = scorers.find({opt.id, g.id});
                row.insert(row.end(), {std::string(name_of(sc.kind)), value, low, high, sd, sc.rationale, opt.evidence,
                                       by == scorers.end() ? std::string() : by->second});
            }
            t.rows.push_back(std::move(row));
        }
    }
    return t;
}

std::string sheet_to_csv(const sheet_table& table) {
    std::string out;
    for (const auto& row : table.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csv_field(row[i]);
        out += "\r\n";
    }
    return out;
}

sheet_table parse_csv(std::string_view text, const std::string& source) {
    sheet_table t;
    t.source = source;
    std::size_t i = 0, line = 1, cells = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    const auto fail = [&](std::size_t at_line, const std::string& rule) {
        throw invalid_input("adva.scoresheet.csv", source + ":" + std::to_string(at_line), rule);
    };
    while (i < text.size()) {
        const std::size_t row_line = line;
        std::vector<std::string> row;
        if (text[i] == '\n' || text.substr(i, 2) == "\r\n") {  // an empty line: no row
            i += text[i] == '\n' ? 1 : 2;
            ++line;
            continue;
        }
        for (;;) {  // one field per pass
            std::string field;
            if (i < text.size() && text[i] == '"') {
                ++i;
                for (;;) {
                    if (i >= text.size()) fail(row_line, "a quoted field is not closed (a '\"' is missing)");
                    const char c = text[i++];
                    if (c == '"') {
                        if (i < text.size() && text[i] == '"') {
                            field += '"';
                            ++i;
                            continue;
                        }
                        break;
                    }
                    if (c == '\n') ++line;
                    if (c == '\0') fail(line, "a NUL byte: not a CSV text");
                    field += c;
                }
                if (i < text.size() && text[i] != ',' && text[i] != '\n' && text.substr(i, 2) != "\r\n")
                    fail(line, "text after the closing quote of a field (a '\"' inside a quoted field is written '\"\"')");
            } else {
                while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
                    if (text[i] == '"') fail(line, "a '\"' inside an unquoted field (quote the whole field and write it '\"\"')");
                    if (text[i] == '\0') fail(line, "a NUL byte: not a CSV text");
                    field += text[i++];
                }
                if (i < text.size() && text[i] == '\r' && text.substr(i, 2) != "\r\n")
                    fail(line, "a carriage return not followed by a line feed");
            }
            // Bounded in cells too: 64 MiB of commas or line ends would otherwise be ~60 M strings.
            if (++cells > max_sheet_cells)
                throw limit_exceeded("adva.limits.sheet_cells", source + ":" + std::to_string(row_line),
                                     "a scoring sheet has at most " + std::to_string(max_sheet_cells) + " cells");
            row.push_back(std::move(field));
            if (row.size() > max_sheet_columns)
                throw limit_exceeded("adva.limits.sheet_columns", source + ":" + std::to_string(row_line),
                                     "a sheet has at most " + std::to_string(max_sheet_columns) + " columns");
            if (i < text.size() && text[i] == ',') {
                ++i;
                continue;
            }
            if (i < text.size()) i += text[i] == '\n' ? 1 : 2;  // the row's line end
            ++line;
            break;
        }
        if (!t.rows.empty() && row.size() != t.rows.front().size())
            fail(row_line, "the row has " + std::to_string(row.size()) + " fields, the header " +
                               std::to_string(t.rows.front().size()));
        t.rows.push_back(std::move(row));
        t.lines.push_back(row_line);
    }
    return t;
}

sheet_table read_csv_sheet(const std::string& path) {
    std::string text;
    try {
        text = read_source(path, max_sheet_bytes, "scoring sheet");
    } catch (const limit_exceeded&) {
        throw;
    } catch (const invalid_input& e) {
        // The reader refuses a NUL byte in JSON words; a sheet is not JSON.
        if (e.id() != "adva.json.parse") throw;
        throw invalid_input("adva.scoresheet.csv", path, "a NUL byte: not a CSV text");
    }
    return parse_csv(text, path == "-" ? std::string("<stdin>") : path);
}

sheet_format scoresheet_format(const std::string& path, const std::string& format, const std::string& where) {
    if (format == "csv") return sheet_format::csv;
    if (format == "xlsx") return sheet_format::xlsx;
    if (!format.empty())
        throw invalid_input("adva.scoresheet.format", where, "a scoring sheet is csv or xlsx", detail::quoted(format));
    std::string extension = std::filesystem::path(path).extension().string();
    for (auto& c : extension) c = char(std::tolower(static_cast<unsigned char>(c)));
    return extension == ".xlsx" ? sheet_format::xlsx : sheet_format::csv;
}

sheet_table read_sheet(const std::string& path, sheet_format format) {
    return format == sheet_format::xlsx ? read_xlsx_sheet(path) : read_csv_sheet(path);
}

// --- reading the scores of a sheet --------------------------------------------------------------

namespace {

/// Where validate_score() names a part of a score (a pointer suffix), the sheet's column.
std::string column_of_part(const std::string& error_where, const std::string& pointer) {
    const std::string part = error_where.size() > pointer.size() ? error_where.substr(pointer.size() + 1) : std::string();
    if (part == "low" || part == "high" || part == "sd") return part;
    return "value";  // the score itself, its mode or its mean
}

}  // namespace

std::vector<sheet_score> read_sheet_scores(const appraisal& model, const sheet_table& t) {
    if (t.rows.empty())
        throw invalid_input("adva.scoresheet.columns", t.source, "the sheet is empty: its first row names the columns");
    const auto& header = t.rows.front();
    // A table from a workbook has not been through parse_csv(): the same bounds here.
    if (header.size() > max_sheet_columns)
        throw limit_exceeded("adva.limits.sheet_columns", where_in(t, 0),
                             "a sheet has at most " + std::to_string(max_sheet_columns) + " columns");
    for (std::size_t r = 1; r < t.rows.size(); ++r)
        if (t.rows[r].size() != header.size())
            throw invalid_input("adva.scoresheet.csv", where_in(t, r), "the row has " + std::to_string(t.rows[r].size()) +
                                                                         " fields, the header " + std::to_string(header.size()));
    std::map<std::string, std::size_t> column;
    std::string known;
    for (const auto& c : scoresheet_columns()) known += (known.empty() ? "" : ", ") + c;
    for (std::size_t k = 0; k < header.size(); ++k) {
        const std::string name = trimmed(header[k]);
        if (std::find(scoresheet_columns().begin(), scoresheet_columns().end(), name) == scoresheet_columns().end())
            throw invalid_input("adva.scoresheet.columns", where_in(t, 0),
                                "unknown column; a scoring sheet has only these: " + known, is_utf8(name) ? detail::quoted(name) : "(not UTF-8)");
        if (!column.emplace(name, k).second)
            throw invalid_input("adva.scoresheet.columns", where_in(t, 0), "the column is named twice", detail::quoted(name));
    }
    std::string needed;
    for (const auto& name : read_columns) needed += (needed.empty() ? "" : ", ") + name;
    for (const auto& name : read_columns)
        if (!column.count(name))
            throw invalid_input("adva.scoresheet.columns", where_in(t, 0), "the column is missing; import needs these columns: " + needed,
                                detail::quoted(name));

    const std::vector<std::string> option_ids = ids_of(model.options);
    const std::vector<std::string> leaf_ids = model.leaf_ids();

    std::vector<sheet_score> out;
    std::set<std::pair<std::string, std::string>> seen;
    for (std::size_t r = 1; r < t.rows.size(); ++r) {
        const auto& row = t.rows[r];
        if (std::all_of(row.begin(), row.end(), [](const std::string& s) { return trimmed(s).empty(); })) continue;
        for (std::size_t k = 0; k < row.size(); ++k)
            if (!is_utf8(row[k])) throw invalid_input("adva.scoresheet.csv", where_in(t, r, header[k]), "the text is not UTF-8");
        const auto cell = [&](const char* name) { return trimmed(row[column.at(name)]); };
        const auto number = [&](const char* name) -> std::optional<double> {
            const std::string text = cell(name);
            if (text.empty()) return std::nullopt;
            double v = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
                throw invalid_input("adva.scoresheet.not_a_number", where_in(t, r, name),
                                    "not a number (write it like 42 or 3.5: digits, a '.' for decimals)", detail::quoted(text));
            return v;
        };

        sheet_score s;
        s.line = r < t.lines.size() ? t.lines[r] : r + 1;
        s.option = cell("option");
        s.criterion = cell("criterion");
        const auto o = model.option_index(s.option);
        if (!o)
            throw invalid_input("adva.scoresheet.unknown_id", where_in(t, r, "option"),
                                "no option with this id in the model (" + known_ids_text(s.option, option_ids) + ")", detail::quoted(s.option));
        const auto c = model.criterion_index(s.criterion);
        if (!c || !model.is_leaf(*c))
            throw invalid_input("adva.scoresheet.unknown_id", where_in(t, r, "criterion"),
                                std::string(c ? "only leaf criteria are scored; this one has children" : "no criterion with this id in the model") +
                                    " (leaf criteria " + known_ids_text(s.criterion, leaf_ids) + ")",
                                detail::quoted(s.criterion));
        if (!seen.emplace(s.option, s.criterion).second)
            throw invalid_input("adva.scoresheet.duplicate_row", where_in(t, r),
                                "each option and criterion has one row; this pair came earlier", detail::quoted(s.option + " / " + s.criterion));

        const std::string kind_text = cell("distribution");
        const auto value = number("value"), low = number("low"), high = number("high"), sd = number("sd");
        if (kind_text.empty() && !value && !low && !high && !sd) continue;  // unscored: nothing to import
        std::optional<uncertainty> kind = kind_text.empty() ? std::optional(uncertainty::point) : detail::from_name<uncertainty>(kind_text);
        if (!kind)
            throw invalid_input("adva.scoresheet.distribution", where_in(t, r, "distribution"),
                                "the distribution is one of " + detail::names_list<uncertainty>() + " (empty: point)", detail::quoted(kind_text));
        // The cells each distribution uses; the others must be empty, so a half-changed row is never guessed at.
        const bool uses_value = *kind != uncertainty::range;
        const bool uses_bounds = *kind == uncertainty::range || *kind == uncertainty::triangular || *kind == uncertainty::pert;
        const bool uses_sd = *kind == uncertainty::normal;
        const std::pair<const char*, std::pair<bool, bool>> cells[] = {
            {"value", {uses_value, value.has_value()}}, {"low", {uses_bounds, low.has_value()}},
            {"high", {uses_bounds, high.has_value()}}, {"sd", {uses_sd, sd.has_value()}}};
        for (const auto& [name, use] : cells) {
            const auto [needed, given] = use;
            if (needed != given)
                throw invalid_input("adva.scoresheet.distribution", where_in(t, r, name),
                                    std::string("a ") + std::string(name_of(*kind)) + " score " + (needed ? "needs" : "leaves empty") +
                                        " column \"" + name + "\" (point: value; range: low, high; triangular and pert: low, "
                                        "value (the mode), high; normal: value (the mean), sd)",
                                    given ? detail::quoted(cell(name)) : std::string("empty"));
        }
        s.value.kind = *kind;
        s.value.value = value.value_or(0.0);
        s.value.low = low.value_or(0.0);
        s.value.high = high.value_or(0.0);
        s.value.sd = sd.value_or(0.0);
        s.value.rationale = std::string(row[column.at("rationale")]);
        s.scored_by = cell("scored_by");
        const std::string pointer = where_in(t, r);
        try {
            validate_score(model.criteria[*c], s.value, pointer);
        } catch (const invalid_input& e) {
            // The same rule, named by the sheet's row and column instead of a JSON pointer.
            throw invalid_input(e.id(), where_in(t, r, column_of_part(e.where(), pointer)), e.rule(), e.seen());
        }
        if (column.count("evidence") && trimmed(row[column.at("evidence")]) != trimmed(model.options[*o].evidence))
            throw invalid_input("adva.scoresheet.read_only", where_in(t, r, "evidence"),
                                "the evidence belongs to the option and is not imported; put the evidence for this score in "
                                "its rationale, or edit the option's evidence in the model",
                                detail::quoted(trimmed(row[column.at("evidence")])));
        out.push_back(std::move(s));
    }
    return out;
}

// --- applying them -------------------------------------------------------------------------------

namespace {

/// The same distribution and numbers (the rationale aside).
bool same_figures(score a, score b) {
    a.rationale.clear();
    b.rationale.clear();
    return a == b;
}

}  // namespace

import_summary import_scores(appraisal& model, const std::vector<sheet_score>& scores, const import_request& request) {
    if (request.request.by.find_first_not_of(" \t\r\n") == std::string::npos)
        throw stage_error("adva.governance.who_required", "by", "importing scores needs who imports them");
    if (request.rationale.find_first_not_of(" \t\r\n") == std::string::npos)
        throw stage_error("adva.governance.reason_required", "rationale",
                          "importing scores needs a rationale (for the rows that give none, and the audit trail)");
    import_summary summary;
    // Changes grouped by scorer, in the order scorers first appear: one audit entry each.
    std::vector<std::pair<std::string, std::vector<score_assignment>>> by_scorer;
    for (const auto& s : scores) {
        const option& o = model.options[*model.option_index(s.option)];
        const auto current = o.scores.find(s.criterion);
        if (current != o.scores.end() && same_figures(current->second, s.value) &&
            (s.value.rationale.empty() || s.value.rationale == current->second.rationale)) {
            ++summary.unchanged;
            continue;
        }
        const std::string who = s.scored_by.empty() ? request.request.by : s.scored_by;
        auto group = std::find_if(by_scorer.begin(), by_scorer.end(), [&](const auto& g) { return g.first == who; });
        if (group == by_scorer.end()) group = by_scorer.insert(by_scorer.end(), {who, {}});
        group->second.push_back({s.option, s.criterion, s.value});
        summary.changes.push_back({s.option, s.criterion,
                                   current == o.scores.end() ? std::nullopt : std::optional<score>(current->second), s.value});
        summary.changes.back().after.rationale = s.value.rationale.empty() ? request.rationale : s.value.rationale;
        summary.changed_by.push_back(who);
    }

    appraisal updated = model;  // all or nothing
    if (model.governance.locked) {
        for (const auto& [who, assignments] : by_scorer) {
            record_request entry = request.request;
            entry.by = who;
            record_scores(updated, assignments, request.rationale, entry);
            ++summary.entries;
        }
    } else {
        for (const auto& [who, assignments] : by_scorer)
            for (const auto& a : assignments) {
                score value = a.value;
                if (value.rationale.empty()) value.rationale = request.rationale;
                updated.options[*updated.option_index(a.option)].scores[a.criterion] = std::move(value);
            }
        if (std::any_of(scores.begin(), scores.end(), [](const sheet_score& s) { return !s.scored_by.empty(); }))
            summary.warnings.push_back(
                "the framing is not locked, so the scores were set without a record entry and column scored_by is not kept; "
                "after adva lock, import-scores records who scored each row");
    }
    model = std::move(updated);
    return summary;
}

}  // namespace adva::io
