// What each results file holds, column by column. The asylum events, statuses, wait measures
// and transitions are listed from the engine's own tables, so a new one appears here by itself.
#include "migsim/io/tables.hpp"

#include <stdexcept>

#include "migsim/core/asylum_events.hpp"
#include "migsim/core/dublin.hpp"
#include "migsim/core/engine.hpp"
#include "migsim/core/status.hpp"
#include "migsim/core/transitions.hpp"

namespace migsim::io {
namespace {

template <class Names>
std::string code_list(const Names& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += i == 0 ? "" : i + 1 == names.size() ? " or " : ", ";
    out += '`';
    out += names[i];
    out += '`';
  }
  return out;
}

std::vector<Column> asylum_columns() {
  std::vector<Column> out = {{"month", "YYYY-MM"}, {"country", "country id"}};
  for (const auto& e : asylum_events) out.push_back({std::string(e.name), std::string(e.meaning)});
  out.push_back({"backlog", "people awaiting a first decision on the month's last simulated day"});
  return out;
}

// "one of: `name` — meaning; …", for the event column of transitions.csv.
std::string transition_list() {
  std::string out = "what happened, one of: ";
  for (std::size_t i = 0; i < transition_count; ++i) {
    out += i == 0 ? "`" : "; `";
    out += transitions[i].name;
    out += "` — ";
    out += transitions[i].meaning;
  }
  return out;
}

std::vector<OutputSpec> make_specs() {
  std::vector<OutputSpec> specs(output_count);
  const Column people_column{"people", "people (agents × `people.scale`)"};
  auto at = [&specs](Output o) -> OutputSpec& { return specs[static_cast<std::size_t>(o)]; };
  at(Output::manifest) = {
      "manifest.json",
      "migsim version and git commit, scenario path and SHA-256, `overrides_file` (`--set-file`: path, SHA-256 and "
      "entries, or null), `overrides` (`--set`), seed, agents, agent-steps, scale; "
      "`countries` (id, name, `eu`/`schengen`/`dublin` dates or null), `places` (id, name, country), `origin` "
      "(country id), `policies` (name, type, from, until, enabled, and where: countries, crossings, modes); `rows` "
      "(each table's rows, the header not counted: readers refuse a table cut short); under "
      "`run` (what may differ between identical runs): threads, wall time in total and per phase, timestamp, "
      "command line",
      {}};
  at(Output::daily) = {
      "daily.csv",
      "everyone, every day, by where they are and their status; non-zero cells only",
      {{"date", "YYYY-MM-DD"}, {"node", "country or place id"}, {"status", code_list(status_names)}, people_column}};
  at(Output::flows) = {"flows.csv",
                       "people setting off across a border; people going home of their own accord, from the "
                       "country they left to the origin; and short visits home (visit_home), as a crossing to the "
                       "origin and one back, in the month the visit began; by month and pair of countries. Apart "
                       "from them, the crossings of people the scenario does not simulate "
                       "(countries[].other_traffic); rows where either is not zero",
                       {{"month", "YYYY-MM"},
                        {"from", "country id they left"},
                        {"to", "country id the crossing leads into, or the origin for people going home"},
                        {"people", "people who set off, went home, or crossed on a visit home, that month"},
                        {"other_traffic",
                         "crossings that month by people not simulated, between the origin and a country with "
                         "countries[].other_traffic (0 elsewhere)"}}};
  at(Output::outcomes) = {
      "outcomes.csv",
      "where everyone is on the last day; non-zero cells only",
      {{"profile", "profile id"}, {"node", "country or place id"}, {"status", "as in daily.csv"}, people_column}};
  at(Output::asylum) = {"asylum.csv",
                        "the month's asylum events per country, in people (places count in their country); rows "
                        "only where something is non-zero, by month then country id",
                        asylum_columns()};
  at(Output::waits) = {
      "waits.csv",
      "waiting times in days per country of application, by measure and year",
      {{"country", "country of application"},
       {"measure",
        code_list(wait_names) +
            "; the final decision is the appeal's where there was one; limbo runs from registering to protection, "
            "removal or the end of the run, for people protected, removed, still in a procedure or irregular "
            "after a rejection (not for those who left it to settle or move on)"},
       {"year", "the year the wait ended, plus one row `all`"},
       {"n", "people"},
       {"mean", "days, to 0.1 day"},
       {"p10",
        "10th percentile, whole days: the smallest d with at least that share of people waiting d days or "
        "less"},
       {"p50", "median, whole days, as p10"},
       {"p90", "90th percentile, whole days, as p10"}}};
  at(Output::transitions) = {
      "transitions.csv",
      "the month's changes of legal stay, and moves of people who had settled, per country and event, in people "
      "(places count in their country); rows only where people is non-zero, by month, country id, then event in "
      "the order listed here",
      {{"month", "YYYY-MM"},
       {"country", "country id"},
       {"event", transition_list()},
       {"people", "people that month (agents × `people.scale`)"}}};
  at(Output::dublin) = {
      "dublin.csv",
      "Dublin requests and transfers per month and pair of states, as the published figures count them (Eurostat "
      "migr_dubro/migr_dubto, AIDA): a request in the month the requesting state makes it, a transfer in the month it "
      "is carried out; rows only where requests or transfers is not zero, by month, from, to (ids as written), "
      "nationalities, basis",
      {{"month", "YYYY-MM"},
       {"from", "the requesting state (country id): where the person applied after moving on"},
       {"to", "the state responsible (country id), asked to take the person back or in charge"},
       {"nationalities",
        "`simulated` — the people of the scenario, counted as it happened; `other` — the other nationalities "
        "registered in `to` (its `asylum.other_registrations`), taken to be asked for and transferred as the "
        "simulated people registered there were, by the months since registering; expected values, rounded"},
       {"basis", code_list(dublin_basis_names) +
                     ": take back someone who applied or registered an intention in `to`; take charge of someone "
                     "who only entered it irregularly and was recorded there without an intention (its "
                     "`asylum.recorded_at_entry`); the other nationalities' rows are take_back only"},
       {"requests", "people asked for that month"},
       {"transfers", "people transferred that month"}}};
  for (const OutputSpec& spec : specs)
    if (spec.file.empty() || spec.contents.empty()) throw std::logic_error("an Output without its description");
  return specs;
}

}  // namespace

std::string OutputSpec::header() const {
  std::string out;
  for (const Column& c : columns) {
    if (!out.empty()) out += ',';
    out += c.name;
  }
  return out + '\n';
}

const std::vector<OutputSpec>& output_specs() {
  static const std::vector<OutputSpec> specs = make_specs();
  return specs;
}

const OutputSpec& spec_of(Output output) {
  return output_specs().at(static_cast<std::size_t>(output));
}

// One row per file: the header line, then what a row is, then each column's meaning.
std::string outputs_markdown() {
  std::string out = "| file | contents |\n|---|---|\n";
  for (const OutputSpec& s : output_specs()) {
    out += "| `" + s.file + "` | ";
    if (!s.columns.empty()) {
      std::string header = s.header();
      header.pop_back();
      out += "`" + header + "` — ";
    }
    out += s.contents;
    for (std::size_t i = 0; i < s.columns.size(); ++i)
      out += (i == 0 ? ". " : "; ") + ("`" + s.columns[i].name + "`: " + s.columns[i].meaning);
    out += " |\n";
  }
  return out;
}

}  // namespace migsim::io
