// adva elicit: a session that asks one stakeholder group the questions of an elicitation method
// (AHP, MACBETH or PAPRIKA) for one weight question, checks consistency after every answer, and
// records the judgements as the group's answer (docs/elicitation.md). Interactive on a terminal;
// scripted with --answers FILE, whose lines are the responses as they would be typed.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "adva/analysis/screening.hpp"
#include "adva/error_sink.hpp"
#include "adva/io/decode.hpp"
#include "adva/io/model_json.hpp"
#include "adva/known_ids.hpp"
#include "adva/model/appraisal.hpp"
#include "adva/model/governance.hpp"
#include "adva/weights/elicitation.hpp"
#include "adva/weights/macbeth.hpp"
#include "adva/weights/paprika.hpp"
#include "cli_record.hpp"
#include "cli_support.hpp"
#include "commands.hpp"

namespace adva::cli {

namespace {

constexpr const char* elicit_help =
    "usage: adva elicit MODEL --question Q --group G --method ahp|macbeth|paprika|bisection [--by WHO] [--text T]\n"
    "                   [--rationale WHY] [--answers FILE] [--out FILE [--force]]\n"
    "\n"
    "Asks group G the questions of an elicitation method for question Q, one at a time, checks\n"
    "consistency after every answer and records the judgements as the group's answer to Q (the swings,\n"
    "or the value functions of a bisection or MACBETH scale, are derived from them, docs/elicitation.md).\n"
    "Like adva answer, it replaces the group's earlier answer, is refused once the framing is locked,\n"
    "and rewrites MODEL in place unless --out is given.\n"
    "\n"
    "  ahp      every pair of Q's criteria: which matters more, and how many times as much (1-9);\n"
    "           the consistency ratio at the end, with the judgement most at odds to revise\n"
    "  macbeth  each criterion's swing against \"[all lower]\", then pairs of swings: the difference in\n"
    "           attractiveness (1 very weak ... 6 extreme, or a range such as 2-3); an inconsistency is\n"
    "           shown at once, with the changes of one judgement that would repair it; on an anchor\n"
    "           question, each criterion's levels, then pairs of levels: the value scale through them\n"
    "           (least attractive 0, most attractive 100) becomes the criterion's value function\n"
    "  paprika  each criterion's levels, then choices between two hypothetical alternatives; a\n"
    "           question whose answer the earlier ones imply is never asked\n"
    "  bisection  (an anchor question) for each criterion it links: the worst and best levels, then the\n"
    "           level halfway in value between them (value 50), then 25 and 75; the value function\n"
    "           through those points becomes the criterion's\n"
    "\n"
    "  --answers FILE  the responses, one a line, as they would be typed (# starts a comment line);\n"
    "                  without it they are read from standard input\n"
    "  --by WHO, --text T, --rationale WHY   recorded with the answer\n"
    "  --out FILE      write the model to FILE instead of MODEL\n"
    "  --force         replace FILE if it exists\n";

/// A session stops asking after this many responses (a script that never converges, say).
constexpr std::size_t max_responses = 100000;
/// The longest response line read.
constexpr std::size_t max_response_bytes = 4096;

/// Where the responses come from: the --answers file (echoed, so the transcript reads as a session)
/// or standard input. A response that cannot be used is asked again on a terminal and is an error
/// naming FILE:LINE in a script.
class responses {
public:
    responses(std::istream& in, std::ostream& out, std::string source, bool scripted)
        : in_(in), out_(out), source_(std::move(source)), scripted_(scripted) {}

    /// The next response to `prompt` (trimmed), or nullopt at the end of the input.
    std::optional<std::string> ask(const std::string& prompt) {
        out_ << prompt << "\n> " << std::flush;
        std::string line;
        while (true) {
            if (++count_ > max_responses)
                throw limit_exceeded("adva.elicit.responses", where(), "a session reads at most " + std::to_string(max_responses) + " responses");
            if (!read_line(line)) {
                out_ << "\n";
                return std::nullopt;
            }
            ++line_;
            const auto first = line.find_first_not_of(" \t\r");
            if (scripted_ && first != std::string::npos && line[first] == '#') continue;  // a comment
            const auto last = line.find_last_not_of(" \t\r");
            line = first == std::string::npos ? std::string() : line.substr(first, last - first + 1);
            if (scripted_) out_ << line << "\n";
            return line;
        }
    }

    /// `rule` broken by the last response: an error in a script, a note and another try on a terminal.
    void refuse(const std::string& rule, const std::string& response) {
        if (scripted_) throw invalid_input("adva.elicit.response", where(), rule, quote_seen(response));
        out_ << "  " << rule << "\n";
    }

    std::string where() const { return source_ + ":" + std::to_string(line_); }

private:
    bool read_line(std::string& line) {
        line.clear();
        char c = 0;
        bool any = false;
        while (in_.get(c)) {
            any = true;
            if (c == '\n') return true;
            if (line.size() >= max_response_bytes)
                throw limit_exceeded("adva.elicit.responses", source_ + ":" + std::to_string(line_ + 1),
                                     "a response is at most " + std::to_string(max_response_bytes) + " bytes");
            line += c;
        }
        return any;
    }

    std::istream& in_;
    std::ostream& out_;
    std::string source_;
    bool scripted_;
    std::size_t line_ = 0, count_ = 0;
};

/// A session that ran out of responses before the method had what it needs.
[[noreturn]] void ended(const responses& r, const std::string& what) {
    throw invalid_input("adva.elicit.incomplete", r.where(), "the responses ended before " + what);
}

const criterion& criterion_of(const appraisal& m, const std::string& id) { return m.criteria[*m.criterion_index(id)]; }

std::string label(const appraisal& m, const std::string& id) {
    const criterion& c = criterion_of(m, id);
    return c.name.empty() || c.name == id ? id : id + " (" + c.name + ")";
}

/// The criterion's label and the unit its levels are measured in, when it has one.
std::string label_with_unit(const appraisal& m, const std::string& id) {
    const std::string& unit = criterion_of(m, id).value.unit;
    return label(m, id) + (unit.empty() ? std::string() : " (levels in " + unit + ")");
}

/// What the criterion's 0 and 100 mean: its anchors, or "worst" and "best" without them.
std::pair<std::string, std::string> ends_of(const appraisal& m, const std::string& id) {
    const criterion& c = criterion_of(m, id);
    return {c.anchor_low.empty() ? std::string("worst") : c.anchor_low, c.anchor_high.empty() ? std::string("best") : c.anchor_high};
}

std::string swing_text(const appraisal& m, const std::string& id) {
    const auto [low, high] = ends_of(m, id);
    return low + " -> " + high;
}

std::string fixed_text(double v, int decimals) {
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(decimals);
    s << v;
    return s.str();
}

void show_swings(std::ostream& out, const question& q, const answer& a) {
    out << "Swings:";
    for (const auto& id : q.criteria) out << "  " << id << " " << fixed_text(a.swing.at(id), 1);
    out << "\n";
}

/// Derives the answer's swings afresh from its judgements; the first rule broken, if any, as text.
std::optional<std::string> derive(const question& q, answer& a) {
    a.swing.clear();  // what an earlier step derived is not a record to check against
    a.elicited.outcome = {};
    error_sink sink(error_sink::mode::collect);
    derive_elicited_answer(q, a, "/answer", sink);
    if (sink.empty()) return std::nullopt;
    return sink.errors().front().rule();
}

// ---- AHP ------------------------------------------------------------------------------------

/// "1 3": the first, 3 times as important; "2 5"; "=": equally. nullopt when it is neither.
std::optional<ratio_judgement> parse_ratio(const std::string& text, const std::string& first, const std::string& second) {
    if (text == "=") return ratio_judgement{first, second, 1.0};
    std::istringstream in(text);
    int side = 0;
    double ratio = 0;
    std::string rest;
    if (!(in >> side >> ratio) || (in >> rest) || (side != 1 && side != 2) || !(ratio >= 1 && ratio <= 9)) return std::nullopt;
    return side == 1 ? ratio_judgement{first, second, ratio} : ratio_judgement{second, first, ratio};
}

ratio_judgement ask_pair(const appraisal& m, const question& q, std::size_t i, std::size_t j, std::size_t number, std::size_t pairs,
                         responses& r) {
    const std::string prompt = "Pair " + std::to_string(number) + " of " + std::to_string(pairs) +
                               ": which matters more, and how many times as much (1 equally ... 9 extremely more)?\n  1  " +
                               label(m, q.criteria[i]) + "\n  2  " + label(m, q.criteria[j]) +
                               "\nAnswer as \"1 3\" (the first, 3 times as much), \"2 5\", or \"=\" (equally).";
    while (true) {
        const auto response = r.ask(prompt);
        if (!response) ended(r, "every pair was judged");
        if (auto judgement = parse_ratio(*response, q.criteria[i], q.criteria[j])) return *judgement;
        r.refuse("answer with the side (1 or 2) and a ratio from 1 to 9, or \"=\"", *response);
    }
}

void run_ahp_session(const appraisal& m, const question& q, answer& a, responses& r, std::ostream& out) {
    const std::size_t n = q.criteria.size();
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) pairs.emplace_back(i, j);
    a.elicited.method = elicitation_method::ahp;
    a.elicited.ahp.judges = {{a.by, {}}};
    auto& judgements = a.elicited.ahp.judges[0].judgements;
    for (std::size_t k = 0; k < pairs.size(); ++k)
        judgements.push_back(ask_pair(m, q, pairs[k].first, pairs[k].second, k + 1, pairs.size(), r));
    while (true) {
        answer trial = a;
        if (const auto broken = derive(q, trial)) throw invalid_input("adva.elicit.response", r.where(), *broken);
        show_swings(out, q, trial);
        const elicitation_outcome& o = trial.elicited.outcome;
        out << "Consistency ratio " << fixed_text(o.consistency_ratio.value_or(0), 3) << " (acceptable up to "
            << fixed_text(a.elicited.ahp.acceptable_consistency_ratio, 2) << ")\n";
        if (o.consistent) {
            a = std::move(trial);
            return;
        }
        // The judgement furthest from the ratio of the priorities it compares.
        std::size_t worst = 0;
        double furthest = -1;
        for (std::size_t k = 0; k < judgements.size(); ++k) {
            const double implied = trial.swing.at(judgements[k].more) / trial.swing.at(judgements[k].less);
            const double gap = std::abs(std::log(judgements[k].ratio / implied));
            if (gap > furthest) furthest = gap, worst = k;
        }
        const auto response = r.ask("The judgements are not acceptably consistent. Most at odds with the others: pair " +
                                    std::to_string(worst + 1) + " (" + judgements[worst].more + " " +
                                    fixed_text(judgements[worst].ratio, 0) + " times " + judgements[worst].less +
                                    "; the others imply about " +
                                    fixed_text(trial.swing.at(judgements[worst].more) / trial.swing.at(judgements[worst].less), 1) +
                                    ").\nEnter a pair's number to judge it again, or \"keep\" to record these judgements.");
        if (!response) ended(r, "the inconsistent judgements were revised or kept");
        if (*response == "keep") {
            a = std::move(trial);
            return;
        }
        std::size_t k = 0;
        if (std::istringstream in(*response); !(in >> k) || k < 1 || k > pairs.size()) {
            r.refuse("enter a pair number from 1 to " + std::to_string(pairs.size()) + ", or \"keep\"", *response);
            continue;
        }
        judgements[k - 1] = ask_pair(m, q, pairs[k - 1].first, pairs[k - 1].second, k, pairs.size(), r);
    }
}

// ---- MACBETH --------------------------------------------------------------------------------

/// A range of MACBETH categories (one category when lowest == highest).
struct category_range {
    macbeth_category lowest = macbeth_category::no_difference, highest = macbeth_category::no_difference;
    bool valid = false;
};

/// "4" or "2-3" → [lowest, highest] (1 very weak ... 6 extreme); not valid for anything else.
category_range parse_categories(const std::string& text) {
    const auto one = [](const std::string& s, macbeth_category& c) {
        if (s.size() != 1 || s[0] < '1' || s[0] > '6') return false;
        c = static_cast<macbeth_category>(s[0] - '0');
        return true;
    };
    category_range r;
    const auto dash = text.find('-');
    r.valid = one(text.substr(0, dash), r.lowest) &&
              (dash == std::string::npos ? (r.highest = r.lowest, true) : one(text.substr(dash + 1), r.highest)) && r.lowest <= r.highest;
    return r;
}

constexpr const char* category_scale = "1 very weak, 2 weak, 3 moderate, 4 strong, 5 very strong, 6 extreme, or a range such as 2-3";

std::string range_text(macbeth_category lo, macbeth_category hi) {
    return lo == hi ? std::string(to_string(lo)) : std::string(to_string(lo)) + " to " + std::string(to_string(hi));
}

/// Asks until the judgement is usable; nullopt when the pair is left unjudged (pairs only).
std::optional<category_judgement> ask_macbeth(const std::string& prompt, const std::string& first, const std::string& second,
                                              bool against_reference, responses& r, const std::string& needed) {
    while (true) {
        const auto response = r.ask(prompt);
        if (!response) ended(r, needed);
        if (against_reference) {
            if (const category_range c = parse_categories(*response); c.valid) return category_judgement{first, second, c.lowest, c.highest};
            r.refuse(std::string("answer with a category: ") + category_scale, *response);
            continue;
        }
        if (response->empty()) return std::nullopt;
        if (*response == "=") return category_judgement{first, second, macbeth_category::no_difference, macbeth_category::no_difference};
        const auto space = response->find(' ');
        const std::string side = response->substr(0, space);
        const category_range c = space == std::string::npos ? category_range{} : parse_categories(response->substr(space + 1));
        if ((side == "1" || side == "2") && c.valid)
            return side == "1" ? category_judgement{first, second, c.lowest, c.highest} : category_judgement{second, first, c.lowest, c.highest};
        r.refuse("answer with the more attractive side (1 or 2) and a category, e.g. \"1 3\" or \"2 2-3\"; \"=\" for no difference; "
                 "an empty line leaves the pair unjudged",
                 *response);
    }
}

void run_macbeth_session(const appraisal& m, const question& q, answer& a, responses& r, std::ostream& out) {
    a.elicited.method = elicitation_method::macbeth;
    auto& judgements = a.elicited.macbeth.judgements;
    const std::string all_lower(macbeth_all_lower);
    for (const auto& id : q.criteria)
        judgements.push_back(*ask_macbeth("How attractive is the swing on " + label(m, id) + " (" + swing_text(m, id) +
                                              "), with every other criterion at its lower reference?\n  " + category_scale + ".",
                                          id, all_lower, true, r, "every swing was judged against \"[all lower]\""));
    // Consistent after every judgement from here: each swing is now connected to "[all lower]".
    const auto check = [&](std::size_t last) {  // `last`: the judgement "again" judges again
        while (true) {
            answer trial = a;
            const auto broken = derive(q, trial);
            if (!broken) {
                a = std::move(trial);
                return;
            }
            const std::vector<macbeth_judgement> indexed = [&] {
                std::vector<macbeth_judgement> out_judgements;
                const auto index = [&](const std::string& id) {
                    const auto it = std::find(q.criteria.begin(), q.criteria.end(), id);
                    return it == q.criteria.end() ? q.criteria.size() : std::size_t(it - q.criteria.begin());
                };
                for (const auto& c : judgements) out_judgements.push_back({index(c.more), index(c.less), c.lowest, c.highest});
                return out_judgements;
            }();
            const macbeth_weights_result result = macbeth_weights(q.criteria.size(), indexed);
            if (result.scale.consistent) throw invalid_input("adva.elicit.response", r.where(), *broken);
            out << "These judgements are inconsistent: no scale fits them all.\n";
            std::size_t shown = 0;
            for (const auto& s : result.scale.suggestions) {
                if (++shown > 5) break;
                const auto& c = judgements[s.judgement];
                out << "  " << shown << ")  judgement " << s.judgement + 1 << " (" << c.more << " over " << c.less << "): "
                    << range_text(s.lowest_now, s.highest_now) << " -> " << range_text(s.lowest_suggested, s.highest_suggested) << "\n";
            }
            const std::size_t offered = std::min<std::size_t>(shown, 5);
            const auto response = r.ask(offered ? "Enter a change's number to make it, or \"again\" to judge the last pair again."
                                                : "No change of one judgement repairs them: enter \"again\" to judge the last pair again.");
            if (!response) ended(r, "the inconsistency was resolved");
            std::size_t k = 0;
            if (*response == "again") {
                const category_judgement old = judgements[last];
                const bool reference = old.less == all_lower;
                // A pair is shown as it was first asked: in the question's order of criteria.
                const bool swapped = !reference && std::find(q.criteria.begin(), q.criteria.end(), old.less) <
                                                        std::find(q.criteria.begin(), q.criteria.end(), old.more);
                const std::string& first = swapped ? old.less : old.more;
                const std::string& second = swapped ? old.more : old.less;
                const std::string prompt =
                    reference ? "Judge again: the swing on " + label(m, first) + " over \"[all lower]\".\n  " + category_scale + "."
                              : "Judge again: which swing is more attractive, and by how much?\n  1  " + label(m, first) + "\n  2  " +
                                    label(m, second) + "\nAnswer as \"1 3\", \"2 2-3\", \"=\", or an empty line to leave the pair unjudged.\n  " +
                                    category_scale + ".";
                const auto redo = ask_macbeth(prompt, first, second, reference, r, "the pair was judged again");
                if (redo) {
                    judgements[last] = *redo;
                } else {  // left unjudged: "again" now means the judgement before it
                    judgements.erase(judgements.begin() + std::ptrdiff_t(last));
                    last = judgements.size() - 1;  // the swings' judgements against "[all lower]" always remain
                }
            } else if (std::istringstream in(*response); (in >> k) && k >= 1 && k <= offered) {
                const macbeth_suggestion& s = result.scale.suggestions[k - 1];
                category_judgement& c = judgements[s.judgement];
                c.more = s.more == q.criteria.size() ? all_lower : q.criteria[s.more];
                c.less = s.less == q.criteria.size() ? all_lower : q.criteria[s.less];
                c.lowest = s.lowest_suggested;
                c.highest = s.highest_suggested;
            } else {
                r.refuse(offered ? "enter a change's number from 1 to " + std::to_string(offered) + ", or \"again\"" : "enter \"again\"",
                         *response);
            }
        }
    };
    check(judgements.size() - 1);
    for (std::size_t i = 0; i < q.criteria.size(); ++i)
        for (std::size_t j = i + 1; j < q.criteria.size(); ++j) {
            const auto judgement = ask_macbeth("Compare the swings: which is more attractive, and by how much?\n  1  " +
                                                   label(m, q.criteria[i]) + "\n  2  " + label(m, q.criteria[j]) +
                                                   "\nAnswer as \"1 3\" (the first, moderately), \"2 2-3\", \"=\" (no difference), "
                                                   "or an empty line to leave the pair unjudged.\n  " + category_scale + ".",
                                               q.criteria[i], q.criteria[j], false, r, "every pair of swings was judged or left");
            if (!judgement) continue;
            judgements.push_back(*judgement);
            check(judgements.size() - 1);
        }
    show_swings(out, q, a);
}

// ---- PAPRIKA --------------------------------------------------------------------------------

std::vector<std::string> split_levels(const std::string& text) {
    std::vector<std::string> levels;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(';', start), text.size());
        std::string level = text.substr(start, end - start);
        const auto first = level.find_first_not_of(" \t"), last = level.find_last_not_of(" \t");
        levels.push_back(first == std::string::npos ? std::string() : level.substr(first, last - first + 1));
        start = end + 1;
    }
    return levels;
}

void run_paprika_session(const appraisal& m, const question& q, answer& a, responses& r, std::ostream& out) {
    a.elicited.method = elicitation_method::paprika;
    auto& p = a.elicited.paprika;
    std::vector<std::size_t> counts;
    for (const auto& id : q.criteria) {
        const auto [low, high] = ends_of(m, id);
        const std::string fallback = low + "; " + high;
        while (true) {
            const auto response = r.ask("Levels of " + label(m, id) + ", worst first, separated by \";\" (2 to " +
                                        std::to_string(paprika_max_levels) + "); an empty line for: " + fallback);
            if (!response) ended(r, "every criterion's levels were given");
            const auto levels = split_levels(response->empty() ? fallback : *response);
            if (levels.size() < 2 || levels.size() > paprika_max_levels ||
                std::any_of(levels.begin(), levels.end(), [](const std::string& l) { return l.empty() || !is_utf8_text(l); })) {
                r.refuse("give 2 to " + std::to_string(paprika_max_levels) + " levels, none empty, in UTF-8 text, separated by \";\"",
                         *response);
                continue;
            }
            p.levels[id] = levels;
            counts.push_back(levels.size());
            break;
        }
    }
    paprika_session session(counts);
    std::size_t asked = 0;
    while (const auto question = session.next_question()) {
        const auto side_text = [&](const std::vector<paprika_level>& side) {
            std::string text;
            for (const auto& l : side)
                text += "\n     " + label(m, q.criteria[l.criterion]) + ": " + p.levels[q.criteria[l.criterion]][l.level];
            return text;
        };
        const std::string prompt = "Question " + std::to_string(++asked) +
                                   ": two alternatives, the same on every criterion not shown. Which is better?\n  a" +
                                   side_text(question->a) + "\n  b" + side_text(question->b) + "\nAnswer a, b, or = (equally good).";
        while (true) {
            const auto response = r.ask(prompt);
            if (!response) ended(r, "every question was answered");
            const std::optional<paprika_answer> given = *response == "a"   ? std::optional(paprika_answer::a_better)
                                                        : *response == "b" ? std::optional(paprika_answer::b_better)
                                                        : *response == "=" ? std::optional(paprika_answer::equal)
                                                                           : std::nullopt;
            if (!given) {
                r.refuse("answer a, b or =", *response);
                continue;
            }
            session.answer(*question, *given);
            paprika_choice choice{{}, {}, *given};
            for (const auto& l : question->a) choice.a.emplace_back(q.criteria[l.criterion], l.level);
            for (const auto& l : question->b) choice.b.emplace_back(q.criteria[l.criterion], l.level);
            p.answers.push_back(std::move(choice));
            break;
        }
    }
    if (const auto broken = derive(q, a)) throw invalid_input("adva.elicit.response", r.where(), *broken);
    out << asked << " questions asked; " << a.elicited.outcome.questions_implied.value_or(0) << " of "
        << a.elicited.outcome.questions_possible.value_or(0) << " were implied by the answers and not asked.\n";
    show_swings(out, q, a);
}

// ---- Bisection ------------------------------------------------------------------------------

/// A level typed as a number; nullopt for anything else.
std::optional<double> parse_level(const std::string& text) {
    std::istringstream in(text);
    double x = 0;
    std::string rest;
    if (!(in >> x) || (in >> rest) || !std::isfinite(x)) return std::nullopt;
    return x;
}

/// Asks until the response is a number; the number and the response as typed.
std::pair<double, std::string> ask_level(responses& r, const std::string& prompt, const std::string& needed) {
    while (true) {
        const auto response = r.ask(prompt);
        if (!response) ended(r, needed);
        if (const auto x = parse_level(*response)) return {*x, *response};
        r.refuse("answer with a number: a level of the criterion", *response);
    }
}

/// The value function of each criterion the anchor question links: its worst and best levels, then
/// the levels halfway in value (50, then 25 and 75), each checked as it is given.
void run_bisection_session(const appraisal& m, const question& q, answer& a, responses& r, std::ostream& out) {
    a.elicited.method = elicitation_method::bisection;
    for (const auto& id : q.criteria) {
        const auto [low, high] = ends_of(m, id);
        bisection_curve& curve = a.elicited.bisection.curves[id];
        out << "The value function of " << label_with_unit(m, id) << ": as it stands, " << better_text(criterion_of(m, id))
            << "; the worst and best levels you give decide it.\n";
        curve.worst = ask_level(r, "Which level is the worst to value (value 0: " + low + ")?", "the worst level of " + id).first;
        while (true) {
            const auto [best, typed] = ask_level(r, "Which level is the best (value 100: " + high + ")?", "the best level of " + id);
            if (best != curve.worst) {
                curve.best = best;
                break;
            }
            r.refuse("the best level differs from the worst (" + detail::short_number(curve.worst) + ")", typed);
        }
        const auto level_of = [&](double value) {
            if (value == 0.0) return curve.worst;
            if (value == 100.0) return curve.best;
            for (const auto& p : curve.midpoints)
                if (p.value == value) return p.level;
            return curve.worst;  // not reached: 50, 25 and 75 are asked in that order
        };
        for (const double value : {50.0, 25.0, 75.0}) {
            const double below = value == 50.0 ? 0.0 : value - 25.0, above = value == 50.0 ? 100.0 : value + 25.0;
            const std::string prompt = "Which level is halfway in value between " + detail::short_number(level_of(below)) + " (value " +
                                       detail::short_number(below) + ") and " + detail::short_number(level_of(above)) + " (value " + detail::short_number(above) +
                                       ")? Going from the first to it should be worth as much as going from it to the second.";
            while (true) {
                const auto [level, typed] = ask_level(r, prompt, "the level valued " + detail::short_number(value) + " on " + id);
                curve.midpoints.push_back({value, level});
                const auto broken = derive(q, a);
                if (!broken) break;
                curve.midpoints.pop_back();
                r.refuse(*broken, typed);
            }
        }
        out << "Value function of " << id << ":";
        for (const auto& [level, value] : a.elicited.outcome.value_functions.at(id)) out << "  " << detail::short_number(level) << " -> " << detail::short_number(value);
        out << "\n";
    }
}

// ---- MACBETH on levels -----------------------------------------------------------------------

/// The levels of a MACBETH value scale, typed as numbers separated by spaces or commas.
std::optional<std::vector<double>> parse_levels(std::string text) {
    std::replace(text.begin(), text.end(), ',', ' ');
    std::istringstream in(text);
    std::vector<double> levels;
    for (std::string word; in >> word;) {
        const auto level = parse_level(word);
        if (!level || levels.size() >= macbeth_max_elements) return std::nullopt;
        levels.push_back(*level);
    }
    return levels;
}

/// The value scale of each criterion the anchor question links: its levels, then the difference in
/// attractiveness of each pair (neighbouring levels first, which connect the scale; the others may
/// be left unjudged). A judgement that makes the scale inconsistent is refused with the changes of
/// one judgement that would repair it.
void run_macbeth_levels_session(const appraisal& m, const question& q, answer& a, responses& r, std::ostream& out) {
    a.elicited.method = elicitation_method::macbeth;
    for (const auto& id : q.criteria) {
        const auto [low, high] = ends_of(m, id);
        macbeth_value_scale& scale = a.elicited.macbeth.scales[id];
        out << "The value scale of " << label_with_unit(m, id) << ": the least attractive level you judge is valued 0 (" << low
            << "), the most attractive 100 (" << high << ").\n";
        while (true) {
            const auto response = r.ask("Which levels of " + id + " should be valued? Two to " + std::to_string(macbeth_max_elements) +
                                        " numbers, e.g. \"0 25 50 100\".");
            if (!response) ended(r, "the levels of " + id + " were given");
            const auto levels = parse_levels(*response);
            std::vector<double> sorted = levels.value_or(std::vector<double>{});
            std::sort(sorted.begin(), sorted.end());
            if (levels && levels->size() >= 2 && std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end()) {
                scale.levels = *levels;
                break;
            }
            r.refuse("give two to " + std::to_string(macbeth_max_elements) + " different numbers, separated by spaces or commas", *response);
        }
        const std::size_t n = scale.levels.size();
        std::vector<std::pair<std::size_t, std::size_t>> pairs;  // neighbours in the order typed first: they connect the scale
        for (std::size_t i = 0; i + 1 < n; ++i) pairs.emplace_back(i, i + 1);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i + 2; j < n; ++j) pairs.emplace_back(i, j);
        for (std::size_t k = 0; k < pairs.size(); ++k) {
            const bool needed = k + 1 < n;
            const std::string first = detail::short_number(scale.levels[pairs[k].first]);
            const std::string second = detail::short_number(scale.levels[pairs[k].second]);
            const std::string prompt = "Compare two levels of " + id + ": which is more attractive, and by how much?\n  1  " + first +
                                       "\n  2  " + second + "\nAnswer as \"1 3\" (the first, moderately), \"2 2-3\", \"=\" (no difference)" +
                                       (needed ? "" : ", or an empty line to leave the pair unjudged") + ".\n  " + category_scale + ".";
            while (true) {
                // The sides as "1" and "2": two levels may print alike.
                const auto judged = ask_macbeth(prompt, "1", "2", false, r, "every pair of levels of " + id + " was judged or left");
                if (!judged && needed) {
                    r.refuse("neighbouring levels are judged: they connect the scale", "");
                    continue;
                }
                if (!judged) break;
                const bool first_more = judged->more == "1";
                const double more = scale.levels[first_more ? pairs[k].first : pairs[k].second];
                const double less = scale.levels[first_more ? pairs[k].second : pairs[k].first];
                scale.judgements.push_back({more, less, judged->lowest, judged->highest});
                if (!needed || k + 2 == n) {  // once the neighbours connect every level, each judgement is checked
                    if (const auto broken = derive(q, a)) {
                        scale.judgements.pop_back();
                        r.refuse(*broken, first + (first_more ? " over " : " under ") + second);
                        continue;
                    }
                }
                break;
            }
        }
        if (const auto broken = derive(q, a)) throw invalid_input("adva.elicit.response", r.where(), *broken);
        out << "Value scale of " << id << ":";
        const auto& points = a.elicited.outcome.value_functions.at(id);
        const auto& ranges = a.elicited.outcome.value_ranges.at(id);
        for (std::size_t k = 0; k < points.size(); ++k)
            out << "  " << detail::short_number(points[k].first) << " -> " << fixed_text(points[k].second, 1) << " ("
                << fixed_text(ranges[k].first, 1) << " to " << fixed_text(ranges[k].second, 1) << ")";
        out << "\n";
    }
}

}  // namespace

int run_elicit(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "elicit",
                                  {{"question"}, {"group"}, {"method"}, {"by"}, {"text"}, {"rationale"}, {"answers"}, {"out"}, {"force", false}},
                                  1, 1);
        if (p.help) {
            out << elicit_help;
            return 0;
        }
        const std::string question_id = p.value("question").value_or(std::string());
        const std::string group = p.value("group").value_or(std::string());
        const std::string method = p.value("method").value_or(std::string());
        if (question_id.empty()) throw usage_error("elicit", "--question Q is required: the weight question to elicit");
        if (group.empty()) throw usage_error("elicit", "--group G is required: every answer is a stakeholder group's");
        if (method != "ahp" && method != "macbeth" && method != "paprika" && method != "bisection")
            throw usage_error("elicit", "--method is ahp, macbeth, paprika (weight questions) or bisection (anchor questions)", quote_seen(method));
        if (p.value("out") == std::optional<std::string>("-"))
            throw usage_error("elicit", "the session's questions go to standard output: write the model to a file (--out FILE)");

        appraisal model = io::load_model(p.positional[0]);
        if (model.governance.locked)
            throw stage_error("adva.governance.locked", "/governance/locked",
                              "the framing is locked and answers are part of it: reopen it with a reason first (adva reopen)", "true");
        const question* q = nullptr;
        std::vector<std::string> ids;
        for (const auto& f : model.functions)
            for (const auto& x : f.questions) {
                ids.push_back(x.id);
                if (x.id == question_id) q = &x;
            }
        if (!q)
            throw invalid_input("adva.model.unknown_id", "--question", "no question with this id in the model (" + known_ids_text(question_id, ids) + ")",
                                quote_seen(question_id));
        // An anchor question is answered on levels (bisection, MACBETH); a weight question by swings.
        const bool on_levels = q->kind == question_kind::anchor;
        if (!(on_levels ? method == "bisection" || method == "macbeth" : q->kind == question_kind::weight && method != "bisection"))
            throw invalid_input("adva.elicitation.method", "--question",
                                method == "bisection" ? "bisection answers an anchor question (it gives a criterion's value function)"
                                                      : "AHP, MACBETH and PAPRIKA answer weight questions (MACBETH also anchor questions)",
                                quote_seen(question_id));
        if (on_levels && q->criteria.empty())
            throw invalid_input("adva.elicit.response", "--question", "a value function is elicited on the criteria the question links",
                                quote_seen(question_id));
        if (!on_levels && q->criteria.size() < 2)
            throw invalid_input("adva.elicit.response", "--question", "an elicitation compares at least two criteria", quote_seen(question_id));
        if (!model.group_index(group))
            throw invalid_input("adva.model.unknown_id", "--group", "no stakeholder group with this id (" + known_ids_text(group, ids_of(model.groups)) + ")",
                                quote_seen(group));
        (void)model_output(p);  // checked before any question is asked: a wrong --out wastes no session

        question_answer qa{question_id, {}, "--answers"};
        answer& given = qa.given;
        given.group = group;
        given.by = p.text("by").value_or(std::string());
        given.text = p.text("text").value_or(std::string());
        given.rationale = p.text("rationale").value_or(std::string());

        const auto source = p.value("answers");
        std::istringstream script(source ? io::read_source(*source, io::read_limits{}.max_bytes, "answers file") : std::string());
        responses r(source ? static_cast<std::istream&>(script) : std::cin, out, source.value_or("<stdin>"), source.has_value());
        out << "Eliciting the answer of group " << group << " to " << question_id << ": " << q->text << "\n";
        if (method == "ahp") run_ahp_session(model, *q, given, r, out);
        else if (method == "macbeth" && on_levels) run_macbeth_levels_session(model, *q, given, r, out);
        else if (method == "macbeth") run_macbeth_session(model, *q, given, r, out);
        else if (method == "paprika") run_paprika_session(model, *q, given, r, out);
        else run_bisection_session(model, *q, given, r, out);

        std::vector<question_answer> answers{std::move(qa)};
        record_answers(p, std::move(model), answers, out);
        return 0;
    });
}

}  // namespace adva::cli
