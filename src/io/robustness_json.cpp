// JSON and table writers of the robustness analyses (include/adva/io/robustness_json.hpp).
#include "adva/io/robustness_json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>

#include "adva/io/smaa_json.hpp"
#include "decision_text.hpp"

namespace adva::io {
namespace {

using nlohmann::json;

json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }
template <class T>
json opt(const std::optional<T>& x) { return x ? num(*x) : json(nullptr); }

std::string fixed(double v, int decimals) {
    if (!std::isfinite(v)) return "n/a";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string pad(std::string s, std::size_t width) {
    if (s.size() < width) s.resize(width, ' ');
    return s;
}

json interval_json(const weight_interval& iv) { return json::array({iv.lower, iv.upper}); }
std::string interval_text(const weight_interval& iv) { return "[" + fixed(iv.lower, 3) + ", " + fixed(iv.upper, 3) + "]"; }

json ranking_json(const std::vector<ranked_option>& ranking) {
    json out = json::array();
    for (const auto& r : ranking) out.push_back({{"option", r.option}, {"rank", r.rank}, {"total", num(r.total)}, {"tied", r.tied}});
    return out;
}

}  // namespace

// --- sensitivity -----------------------------------------------------------------------------------

json sensitivity_to_json(const sensitivity_result& s) {
    json nodes = json::array();
    for (const auto& n : s.nodes) {
        json lines = json::array();
        for (const auto& l : n.lines)
            lines.push_back({{"option", l.option}, {"at_zero", num(l.at_zero)}, {"at_current", num(l.at_current)}, {"at_one", num(l.at_one)}});
        json crossings = json::array();
        for (const auto& c : n.crossovers)
            crossings.push_back({{"options", {c.a, c.b}}, {"weight", c.weight}, {"total", num(c.total)},
                                 {"involves_winner", c.involves_winner}, {"leads_above", c.leads_above}});
        json coincident = json::array();
        for (const auto& [a, b] : n.coincident) coincident.push_back({a, b});
        nodes.push_back({{"node", n.node}, {"parent", n.parent.empty() ? json(nullptr) : json(n.parent)},
                         {"weight", n.weight}, {"parent_global_weight", n.parent_global_weight},
                         {"movable", n.movable}, {"equal_share_fallback", n.equal_share_fallback},
                         {"winner_stable", interval_json(n.winner_stable)}, {"ranking_stable", interval_json(n.ranking_stable)},
                         {"tornado", lines}, {"crossovers", crossings}, {"coincident", coincident}});
    }
    json thresholds = json::array();
    for (const auto& t : s.score_thresholds)
        thresholds.push_back({{"option", t.option}, {"criterion", t.criterion}, {"value", num(t.value)},
                              {"value_change", opt(t.value_change)}, {"score_change", opt(t.score_change)},
                              {"required_score", opt(t.required_score)}, {"within_scale", t.value_change.has_value()}});
    return {{"analysis", "sensitivity"},
            {"weights", s.weights_name},
            {"convention", std::string(to_string(s.convention))},
            {"winner", s.winner.empty() ? json(nullptr) : json(s.winner)},
            {"tied_winners", s.tied_winners},
            {"ranking", s.ranking},
            {"nodes", nodes},
            {"score_thresholds", thresholds}};
}

std::string sensitivity_table(const sensitivity_result& s) {
    std::ostringstream o;
    o << "One-way weight sensitivity (weights: " << s.weights_name << "; siblings rescaled: " << to_string(s.convention) << ")\n";
    if (s.winner.empty()) {
        o << "Nothing is short-listed: no sensitivity to show.\n";
        return o.str();
    }
    o << "Winner: " << s.winner;
    for (const auto& t : s.tied_winners) o << " (tied with " << t << ")";
    o << "\n\n";
    std::size_t width = 14;
    for (const auto& n : s.nodes) width = std::max(width, n.node.size() + 2);
    o << pad("node", width) << pad("weight", 8) << pad("winner stays first", 20) << pad("ranking unchanged", 20) << "first crossover\n";
    for (const auto& n : s.nodes) {
        o << pad(n.node, width) << pad(fixed(n.weight, 3), 8);
        if (!n.movable) {
            o << "only child: its weight is always 1\n";
            continue;
        }
        o << pad(interval_text(n.winner_stable), 20) << pad(interval_text(n.ranking_stable), 20);
        const crossover* first = nullptr;
        for (const auto& c : n.crossovers)
            if (c.involves_winner && (!first || std::abs(c.weight - n.weight) < std::abs(first->weight - n.weight))) first = &c;
        if (first) o << first->a << " = " << first->b << " at " << fixed(first->weight, 3);
        else o << "the winner meets no rival in [0, 1]";
        o << (n.equal_share_fallback ? " (weight 1: siblings share equally)" : "") << '\n';
    }
    o << "\nTornado (total at weight 0 .. current .. 1):\n";
    for (const auto& n : s.nodes) {
        if (!n.movable) continue;
        o << "  " << n.node << ":";
        for (const auto& l : n.lines) o << "  " << l.option << " " << fixed(l.at_zero, 1) << ".." << fixed(l.at_current, 1) << ".." << fixed(l.at_one, 1);
        o << '\n';
    }
    o << "\nScore thresholds (value change on the leaf's 0-100 scale that changes the winner):\n";
    std::string current;
    for (const auto& t : s.score_thresholds) {
        if (t.option != current) {
            current = t.option;
            o << "  " << t.option << (t.option == s.winner ? " (winner: fall to the runner-up)" : " (rise to the winner)") << ":";
        }
        o << "  " << t.criterion << " " << (t.value_change ? (*t.value_change >= 0 ? "+" : "") + fixed(*t.value_change, 1) : std::string("none"));
        if (&t == &s.score_thresholds.back() || (&t + 1)->option != current) o << '\n';
    }
    return o.str();
}

// --- what if -----------------------------------------------------------------------------------------

json what_if_to_json(const what_if_result& w) {
    json leaves = json::array();
    for (std::size_t l = 0; l < w.leaves.size(); ++l)
        leaves.push_back({{"criterion", w.leaves[l]}, {"current", w.current_leaf_weights[l]},
                          {"new", w.possible ? num(w.new_leaf_weights[l]) : json(nullptr)}});
    json nodes = json::array();
    for (std::size_t c = 0; c < w.nodes.size(); ++c) {
        json n = {{"node", w.nodes[c]}, {"current_local", w.current_local[c]}};
        if (w.possible) {
            n["new_local"] = num(w.new_local[c]);
            n["new_global"] = num(w.new_global[c]);
        }
        nodes.push_back(n);
    }
    json mixture = json::array();
    for (const auto& [id, share] : w.beaten_by_mixture) mixture.push_back({{"option", id}, {"share", share}});
    json out = {{"analysis", "what_if"},
                {"option", w.option},
                {"weights", w.weights_name},
                {"norm", std::string(to_string(w.norm))},
                {"already_winner", w.already_winner},
                {"possible", w.possible},
                {"best_possible", to_string(w.best_possible)},
                {"distance", num(w.distance)},
                {"leaf_weights", leaves},
                {"node_weights", nodes},
                {"dominated_by", w.dominated_by}};
    if (w.possible) out["new_ranking"] = ranking_json(w.new_ranking);
    else out["proof"] = {{"beaten_by_mixture", mixture}, {"margin_on_every_leaf", w.mixture_margin}};
    return out;
}

std::string what_if_table(const what_if_result& w) {
    std::ostringstream o;
    o << "What would it take for " << w.option << " to win (weights: " << w.weights_name << ", distance " << to_string(w.norm)
      << " on global leaf weights)\n\n";
    if (w.already_winner) {
        o << w.option << " is already first: no change needed.\n";
        return o.str();
    }
    if (!w.possible) {
        o << "Impossible: no weights make " << w.option << " first.\n";
        if (!w.dominated_by.empty()) {
            o << "It is dominated by";
            for (const auto& d : w.dominated_by) o << ' ' << d;
            o << " (at least as good on every criterion, better on one).\n";
        }
        o << "Proof: this mix of options is better on every criterion by " << fixed(w.mixture_margin, 3) << " points or more:";
        for (const auto& [id, share] : w.beaten_by_mixture) o << ' ' << id << " x " << fixed(share, 3);
        o << '\n';
        return o.str();
    }
    std::size_t width = 14;
    for (const auto& n : w.nodes) width = std::max(width, n.size() + 2);
    o << "Smallest change: " << fixed(w.distance, 4) << "\n\n" << pad("leaf", width) << pad("now", 9) << pad("needed", 9) << "change\n";
    for (std::size_t l = 0; l < w.leaves.size(); ++l) {
        const double d = w.new_leaf_weights[l] - w.current_leaf_weights[l];
        o << pad(w.leaves[l], width) << pad(fixed(w.current_leaf_weights[l], 4), 9) << pad(fixed(w.new_leaf_weights[l], 4), 9)
          << (std::abs(d) < 5e-5 ? std::string("-") : (d > 0 ? "+" : "") + fixed(d, 4)) << '\n';
    }
    o << "\nLocal weights per node (now -> needed):\n";
    for (std::size_t c = 0; c < w.nodes.size(); ++c)
        o << "  " << pad(w.nodes[c], width) << fixed(w.current_local[c], 4) << " -> " << fixed(w.new_local[c], 4) << '\n';
    o << "\nRanking with the new weights:";
    for (const auto& r : w.new_ranking) o << "  " << r.rank << ". " << r.option << " " << fixed(r.total, 2);
    o << '\n';
    if (w.best_possible == first_place::tie_only) {
        o << "\nThese weights only bring " << w.option << " level with the leader: no weights put it first alone";
        if (!w.dominated_by.empty()) {
            o << " (it is dominated by";
            for (const auto& d : w.dominated_by) o << ' ' << d;
            o << ")";
        }
        o << ". It can at best tie.\n";
    } else {
        o << "\nAt these weights " << w.option << " ties for first; a slightly larger change in the same direction puts it "
          << "first alone.\n";
    }
    return o.str();
}

// --- comparisons ---------------------------------------------------------------------------------------

json stakeholder_comparison_to_json(const stakeholder_comparison& s) {
    auto group = [](const group_ranking& g) {
        return json{{"group", g.group}, {"winners", g.winners}, {"winner_differs", g.winner_differs}, {"ranking", ranking_json(g.ranking)}};
    };
    json groups = json::array();
    for (const auto& g : s.groups) groups.push_back(group(g));
    json kendall = json::array();
    for (const auto& k : s.kendall) kendall.push_back({{"a", k.a}, {"b", k.b}, {"tau_b", num(k.tau_b)}, {"options", k.options}});
    return {{"consensus", group(s.consensus)}, {"groups", groups},
            {"groups_with_different_winner", s.groups_with_different_winner}, {"kendall_tau_b", kendall}};
}

json method_comparison_to_json(const method_comparison& m) {
    json methods = json::array();
    for (const auto& x : m.methods) {
        json e = {{"method", std::string(to_string(x.method))}, {"applicable", x.applicable}};
        if (!x.applicable) {
            e["reason"] = x.reason;
        } else {
            json scores = json::array();
            for (double v : x.scores) scores.push_back(num(v));
            e["score_meaning"] = x.score_meaning;
            e["scores"] = scores;
            e["ranks"] = x.ranks;
            e["winners"] = x.winners;
            e["same_winner_as_additive"] = x.same_winner_as_additive;
        }
        methods.push_back(e);
    }
    return {{"weights", m.weights_name}, {"options", m.options}, {"criteria", m.criteria}, {"leaf_weights", m.weights},
            {"winner_agrees", m.winner_agrees}, {"methods", methods}};
}

std::string comparison_table(const stakeholder_comparison& s, const method_comparison& m) {
    std::ostringstream o;
    auto winners = [](const std::vector<std::string>& w) {
        std::string t;
        for (const auto& x : w) t += (t.empty() ? "" : " = ") + x;
        return t.empty() ? std::string("(none)") : t;
    };
    o << "Stakeholder comparison\n";
    o << "  " << pad("consensus", 16) << winners(s.consensus.winners) << '\n';
    for (const auto& g : s.groups)
        o << "  " << pad(g.group, 16) << winners(g.winners) << (g.winner_differs ? "   <- differs from the consensus" : "") << '\n';
    if (s.groups.empty()) o << "  (no stakeholder group answered weight questions)\n";
    if (!s.kendall.empty()) {
        o << "  Kendall's tau-b between rankings:\n";
        for (const auto& k : s.kendall) o << "    " << pad(k.a + " / " + k.b, 30) << fixed(k.tau_b, 3) << '\n';
    }
    o << "\nMethod comparison (short list's leaf values 0-100, global leaf weights; weights: " << m.weights_name << ")\n";
    o << "  " << pad("method", 20) << pad("winner", 22) << "ranks (" ;
    for (std::size_t k = 0; k < m.options.size(); ++k) o << (k ? " " : "") << m.options[k];
    o << ")\n";
    for (const auto& x : m.methods) {
        o << "  " << pad(std::string(to_string(x.method)), 20);
        if (!x.applicable) {
            o << "not applicable: " << x.reason << '\n';
            continue;
        }
        o << pad(winners(x.winners) + (x.same_winner_as_additive ? "" : " *"), 22);
        for (std::size_t k = 0; k < x.ranks.size(); ++k) o << (k ? " " : "") << x.ranks[k];
        o << '\n';
    }
    o << (m.winner_agrees ? "Every applicable method has the additive winner.\n" : "* the winner differs from the additive model's.\n");
    o << '\n';
    for (const auto& line : report_text::wrap(std::string("Caution: ") + decision_text::method_caution, 100)) o << line << '\n';
    return o.str();
}

// --- SMAA on a model -------------------------------------------------------------------------------------

json model_smaa_to_json(const model_smaa_result& r) {
    json out = smaa_result_json(r.smaa);
    out["analysis"] = "smaa";
    out["options"] = r.options;
    out["criteria"] = r.criteria;
    out["weight_information"] = "per_parent";
    out["weights"] = r.weights_name;
    if (r.weights_name == "elicited") {
        out["weights_group"] = r.weights_group;
        json parents = json::array();
        for (const auto& p : r.elicited)
            parents.push_back({{"parent", p.parent.empty() ? json(nullptr) : json(p.parent)},
                               {"children", p.children},
                               {"source", p.source},
                               {"dimension", p.dimension},
                               {"burn_in", p.burn_in},
                               {"thinning", p.thinning},
                               {"chain_length", p.chain_length}});
        out["elicited_parents"] = std::move(parents);
    }
    return out;
}

std::string smaa_table(const smaa_result& s, const std::vector<std::string>& names, const std::string& row_heading, const std::string& title,
                       std::string_view meaning) {
    std::ostringstream o;
    o << title << "\n\n";
    std::size_t width = 16;
    for (const auto& n : names) width = std::max(width, std::min<std::size_t>(n.size() + 2, 40));
    o << pad(row_heading, width) << pad("first rank", 18);
    for (Eigen::Index k = 1; k < s.rank_acceptability.cols() && k < 5; ++k) o << pad("rank " + std::to_string(k + 1), 9);
    o << "confidence\n";
    for (std::size_t i = 0; i < names.size(); ++i) {
        const Eigen::Index a = Eigen::Index(i);
        o << pad(names[i], width - 1) << ' '  // a longer name still ends with a space
          << pad(fixed(s.rank_acceptability(a, 0), 3) + " +- " + fixed(s.rank_acceptability_standard_error(a, 0), 3), 18);
        for (Eigen::Index k = 1; k < s.rank_acceptability.cols() && k < 5; ++k) o << pad(fixed(s.rank_acceptability(a, k), 3), 9);
        o << fixed(s.confidence_factors[a], 3) << '\n';
    }
    o << '\n';
    for (const auto& line : report_text::wrap(std::string(meaning), 100)) o << line << '\n';
    return o.str();
}

std::string model_smaa_table(const model_smaa_result& r) {
    if (r.weights_name != "elicited")
        return smaa_table(r.smaa, r.options, "option",
                          "SMAA-2: " + std::to_string(r.smaa.samples) + " samples, weights uniform within each parent (" +
                              r.smaa.weight_sampler + ")",
                          decision_text::smaa_meaning);
    std::string table = smaa_table(r.smaa, r.options, "option",
                                   "SMAA-2: " + std::to_string(r.smaa.samples) + " samples, weights as group \"" + r.weights_group +
                                       "\" gave them (" + r.smaa.weight_sampler + ")",
                                   decision_text::smaa_elicited_meaning);
    std::ostringstream o;
    o << "\nWeights bounded by the group's answers (hit-and-run); other parents uniform:\n";
    for (const auto& p : r.elicited) {
        o << "  " << (p.parent.empty() ? std::string("top level") : p.parent) << ": " << p.source << '\n';
        o << "    " << (p.dimension == 0 ? std::string("fixed (dimension 0)")
                                         : "dimension " + std::to_string(p.dimension) + ", burn-in " + std::to_string(p.burn_in) +
                                               " steps, thinning " + std::to_string(p.thinning) + ", chains of " +
                                               std::to_string(p.chain_length))
          << '\n';
    }
    if (r.elicited.empty()) o << "  the group's answers bound no parent: every parent is uniform\n";
    return table + o.str();
}

// --- the summary in appraisal reports ---------------------------------------------------------------------

json robustness_summary_to_json(const robustness_summary& s) {
    json top = json::array();
    for (const auto& t : s.top_level) top.push_back({{"node", t.node}, {"weight", t.weight}, {"winner_stable", interval_json(t.winner_stable)}});
    return {{"winner", s.winner.empty() ? json(nullptr) : json(s.winner)},
            {"top_level_weights", top},
            {"first_rank_acceptability", num(s.first_rank_acceptability)},
            {"first_rank_acceptability_standard_error", num(s.first_rank_acceptability_standard_error)},
            {"smaa_samples", s.samples},
            {"smaa_seed", s.seed}};
}

std::string robustness_summary_table(const robustness_summary& s) {
    std::ostringstream o;
    o << "Robustness\n";
    if (s.winner.empty()) {
        o << "  nothing is short-listed\n";
        return o.str();
    }
    o << "  " << s.winner << " stays first while each top-level weight (others rescaled proportionally) is within:\n";
    for (const auto& t : s.top_level)
        o << "    " << pad(t.node, 14) << fixed(t.weight, 3) << " in " << interval_text(t.winner_stable) << '\n';
    if (s.samples == 0)
        o << "  First-rank acceptability: left out (more than " << max_summary_smaa_options << " options on the short list)\n";
    else
        o << "  First-rank acceptability (SMAA-2, weights uniform within each parent, " << s.samples
          << " samples): " << fixed(100 * s.first_rank_acceptability, 1) << "%\n";
    return o.str();
}

}  // namespace adva::io
