// Asylum procedures and the policy catalogue on toy graphs, with probabilities 0 or 1 so
// that every count is exact. Unless said otherwise: 100 people leave O on day 0 and reach
// their destination over a 1-day crossing on day 1.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "toy.hpp"

using namespace toy;
using migsim::Status;

namespace {

// O -> DE (1 day); DE decides `per_day` cases a day with recognition `rate`.
ScenarioSpec to_germany(int days, double per_day, double rate) {
  auto s = base(days, 100);
  country(s, "DE", 1);
  member(s, "DE");
  asylum(s, "DE", per_day, rate);
  crossing(s, "ODE", "O", "DE", 1);
  departures(s, 0, 0);
  return s;
}

std::uint64_t positive(const AsylumDay& d) {
  return d[AsylumEvent::decisions_positive];
}
std::uint64_t negative(const AsylumDay& d) {
  return d[AsylumEvent::decisions_negative];
}
std::uint64_t registrations(const AsylumDay& d) {
  return d[AsylumEvent::registrations];
}
std::uint64_t applications(const AsylumDay& d) {
  return d[AsylumEvent::applications];
}

}  // namespace

TEST_CASE("a first-instance queue decides its capacity a day, first come first served") {
  const auto o = run(to_germany(15, 10, 1.0));
  CHECK(o.rec.asylum(1, "DE")[AsylumEvent::registrations] == 100);
  CHECK(o.rec.asylum(1, "DE")[AsylumEvent::applications] == 100);
  CHECK(o.rec.asylum(1, "DE").backlog == 100);
  // Decided after day k's queue phase: 10k; their decisions are taken on day k+1.
  for (int d = 2; d <= 11; ++d) {
    CHECK(o.rec.asylum(d, "DE")[AsylumEvent::decisions_positive] == 10);
    CHECK(o.rec.at(d, "DE", Status::protected_) == static_cast<std::uint64_t>(10 * (d - 1)));
  }
  CHECK(o.rec.asylum(12, "DE")[AsylumEvent::decisions_positive] == 0);
  // Application -> first decision: 10 people each waited 1, 2, ..., 10 days.
  int rows = 0;
  for (const auto& w : o.rec.final_stats.waits)
    if (w.wait == Wait::application_to_first_decision) {
      CHECK(w.people == 10);
      CHECK(w.days == ++rows);
      CHECK(w.year == 2022);
    }
  CHECK(rows == 10);
}

TEST_CASE("other nationalities ahead in the queue delay everyone") {
  auto s = to_germany(15, 10, 1.0);
  s.countries.back().asylum->background_pending = 50;
  const auto o = run(s);
  // The background is decided from day 0: after day k, 10(k+1) cases are decided. Our
  // tickets are 51..150, so the first ten are due after day 5 and decided on day 6.
  for (int d = 0; d <= 5; ++d) CHECK(o.rec.asylum(d, "DE")[AsylumEvent::decisions_positive] == 0);
  CHECK(o.rec.asylum(6, "DE")[AsylumEvent::decisions_positive] == 10);
  CHECK(o.rec.days[1].asylum[o.rec.node("DE")].backlog_all == doctest::Approx(150 - 20));
}

TEST_CASE("the background load follows its series of changes") {
  // 100 people lodge on day 1 and 10 are decided a day; other nationalities lodge 10 a day
  // from day 3, and none again from day 6. Their cases join the queue behind ours, so our
  // decisions keep their days, and while ours last (to day 10) the backlog of all
  // nationalities is larger by exactly theirs.
  const double ten_a_day = 10 * (365.25 / 12);
  auto s = to_germany(12, 10, 1.0);
  const auto without = run(s);
  auto& changes = s.countries.back().asylum->background_changes;
  changes = {{s.start + 3, ten_a_day, {}}, {s.start + 6, 0, {}}};
  const auto with = run(s);
  const auto de = with.rec.node("DE");
  for (int d = 0; d <= 10; ++d) {
    const double added = 10.0 * std::clamp(d - 2, 0, 3);  // lodged on days 3, 4 and 5
    CHECK(with.rec.days[d].asylum[de].backlog_all ==
          doctest::Approx(without.rec.days[d].asylum[de].backlog_all + added));
    CHECK(with.rec.asylum(d, "DE")[AsylumEvent::decisions_positive] ==
          without.rec.asylum(d, "DE")[AsylumEvent::decisions_positive]);
  }
  CHECK(with.rec.days[5].asylum[de].backlog_all == doctest::Approx(100 + 30 - 10 * 5));
  CHECK(with.rec.days[11].asylum[de].backlog_all == doctest::Approx(30 - 10));  // then theirs are decided
}

TEST_CASE("appeals: rejected at first instance, protected on appeal after its days") {
  auto s = to_germany(50, 100, 0.0);
  auto& a = *s.countries.back().asylum;
  a.appeal = {1.0, 30, 1.0};
  const auto o = run(s);
  CHECK(o.rec.asylum(2, "DE")[AsylumEvent::decisions_negative] == 100);
  CHECK(o.rec.at(2, "DE", Status::appealing) == 100);
  CHECK(o.rec.at(31, "DE", Status::appealing) == 100);
  CHECK(o.rec.at(32, "DE", Status::protected_) == 100);
  CHECK(o.rec.total("DE", positive) == 0);  // decisions_* count first-instance decisions
}

TEST_CASE("a recognition policy sets the rate for those it selects, while it is in force") {
  auto s = to_germany(20, 10, 0.0);
  auto& p = policy(s, "de_recognises", PolicyType::recognition, 0, 5);
  p.where.countries = {"DE"};
  p.who.profiles = {"all"};
  params<Recognition>(p).rate = 1.0;
  const auto o = run(s);
  CHECK(o.rec.total("DE", positive) == 40);  // decided on days 2..5
  CHECK(o.rec.total("DE", negative) == 60);
  CHECK(o.rec.at(19, "DE", Status::protected_) == 40);
  CHECK(o.rec.at(19, "DE", Status::irregular) == 60);  // after a refusal they hide by default
}

TEST_CASE("a moratorium freezes decisions for its group until it ends") {
  auto s = to_germany(20, 10, 1.0);
  policy(s, "freeze", PolicyType::moratorium, 0, 5).where.countries = {"DE"};
  const auto o = run(s);
  for (int d = 0; d <= 5; ++d) CHECK(o.rec.asylum(d, "DE")[AsylumEvent::decisions_positive] == 0);
  CHECK(o.rec.asylum(6, "DE")[AsylumEvent::decisions_positive] == 50);  // everyone the queue reached meanwhile
  CHECK(o.rec.asylum(7, "DE")[AsylumEvent::decisions_positive] == 10);
}

TEST_CASE("a processing_capacity policy replaces the monthly capacity") {
  auto s = to_germany(20, 10, 1.0);
  auto& p = policy(s, "surge", PolicyType::processing_capacity, 0, 19);
  p.where.countries = {"DE"};
  params<ProcessingCapacity>(p).per_month = 25 * (365.25 / 12);
  const auto o = run(s);
  CHECK(o.rec.asylum(2, "DE")[AsylumEvent::decisions_positive] == 25);
  CHECK(o.rec.asylum(5, "DE")[AsylumEvent::decisions_positive] == 25);
  CHECK(o.rec.asylum(6, "DE")[AsylumEvent::decisions_positive] == 0);
}

TEST_CASE("detention: applicants wait detained") {
  auto s = to_germany(5, 0, 1.0);
  s.countries.back().asylum->detention = 1.0;
  const auto o = run(s);
  CHECK(o.rec.at(3, "DE", Status::detained) == 100);
  CHECK(o.rec.asylum(3, "DE").backlog == 100);
}

namespace {

// O -> BA -> HR (irregular) -> DE, one day each. BA and HR are transit only; HR records
// intentions but nobody lodges there by choice; DE recognises everyone.
ScenarioSpec balkan_route(int days) {
  auto s = base(days, 100);
  country(s, "BA", 0, false);
  country(s, "HR", 0, false);
  country(s, "DE", 1);
  member(s, "HR");
  member(s, "DE");
  asylum(s, "HR", 100, 0.0).lodging_share = 0.0;
  asylum(s, "DE", 100, 1.0);
  crossing(s, "OBA", "O", "BA", 1);
  crossing(s, "BAHR", "BA", "HR", 1).mode = Mode::irregular;
  crossing(s, "HRDE", "HR", "DE", 1);
  departures(s, 0, 0);
  return s;
}

PolicySpec& dublin(ScenarioSpec& s, double probability, int delay, double opt_out, int deadline) {
  auto& p = policy(s, "to_hr", PolicyType::dublin, 0, s.end - s.start);
  p.where.countries = {"HR"};
  params<Dublin>(p).probability = probability;
  params<Dublin>(p).days = delay;
  params<Dublin>(p).opt_out = opt_out;
  params<Dublin>(p).deadline_days = deadline;
  return p;
}

}  // namespace

TEST_CASE("Dublin: an irregular entry registers, and a later application elsewhere is sent back") {
  auto s = balkan_route(20);
  dublin(s, 1.0, 5, 0.0, 180);
  const auto o = run(s);
  CHECK(o.rec.asylum(2, "HR")[AsylumEvent::registrations] == 100);  // fingerprinted on entry
  CHECK(o.rec.asylum(3, "DE")[AsylumEvent::registrations] == 100);
  CHECK(o.rec.asylum(3, "DE")[AsylumEvent::applications] == 100);     // lodged in Germany, as Eurostat counts it
  CHECK(o.rec.asylum(3, "HR")[AsylumEvent::dublin_requests] == 100);  // received by the responsible state
  CHECK(o.rec.at(3, "DE", Status::dublin_pending) == 100);
  CHECK(o.rec.asylum(8, "HR")[AsylumEvent::dublin_transfers] == 100);  // after the 5-day delay
  CHECK(o.rec.total("HR", applications) == 0);                         // the case moves; no new application
  CHECK(o.rec.total("HR", negative) == 100);                           // Croatia decides it, and recognises nobody here
  CHECK(o.rec.at(19, "HR", Status::irregular) == 100);
}

TEST_CASE("Dublin: a humanitarian opt-out, or no dublin policy, keeps the case where it is lodged") {
  auto s = balkan_route(10);
  dublin(s, 1.0, 5, 1.0, 180);
  auto o = run(s);
  CHECK(o.rec.asylum(3, "HR")[AsylumEvent::dublin_requests] == 100);  // received by the responsible state
  CHECK(o.rec.asylum(3, "DE")[AsylumEvent::applications] == 100);
  CHECK(o.rec.total("HR", [](const AsylumDay& d) { return d[AsylumEvent::dublin_transfers]; }) == 0);
  s.policies.clear();
  o = run(s);
  CHECK(o.rec.asylum(3, "DE")[AsylumEvent::applications] == 100);
}

TEST_CASE("Dublin: when no transfer happens, responsibility moves after the deadline") {
  auto s = balkan_route(20);
  dublin(s, 0.0, 5, 0.0, 10);
  const auto o = run(s);
  CHECK(o.rec.asylum(3, "DE")[AsylumEvent::applications] == 100);
  CHECK(o.rec.at(12, "DE", Status::dublin_pending) == 100);
  CHECK(o.rec.at(13, "DE", Status::applicant) == 100);  // Germany's queue from day 13
  CHECK(o.rec.asylum(14, "DE")[AsylumEvent::decisions_positive] == 100);
  CHECK(o.rec.total("HR", [](const AsylumDay& d) { return d[AsylumEvent::dublin_transfers]; }) == 0);
}

TEST_CASE("Dublin table: each request and transfer by pair of states, as asylum events count them") {
  auto s = balkan_route(20);
  dublin(s, 1.0, 5, 0.0, 180);
  const auto o = run(s);
  const auto& rows = o.rec.final_stats.dublin;
  REQUIRE(rows.size() == 1);  // all in March 2022: DE asked HR for 100 and sent them back
  const migsim::DublinCount& r = rows[0];
  CHECK(r.month == day0);
  CHECK(migsim::world_of(*o.model).nodes[r.from].id == "DE");
  CHECK(migsim::world_of(*o.model).nodes[r.to].id == "HR");
  CHECK(r.nationalities == migsim::Nationalities::simulated);
  CHECK(r.basis == migsim::DublinBasis::take_back);
  CHECK(r.requests == 100);
  CHECK(r.transfers == 100);
  CHECK(o.rec.total("HR", [](const AsylumDay& d) { return d[AsylumEvent::dublin_requests]; }) == r.requests);
  CHECK(o.rec.total("HR", [](const AsylumDay& d) { return d[AsylumEvent::dublin_transfers]; }) == r.transfers);
}

TEST_CASE("Dublin table: other nationalities registered in a state follow its simulated registrants") {
  // 10 a day register in HR besides the simulated people (304.375 a month of 365.25 / 12
  // days), 200 in the 20 days of March. Every simulated registrant was asked for and
  // transferred the month they registered, so the other 200 are too; doubling them doubles
  // their rows; and the simulated people, whom the others never meet, are as before.
  auto s = balkan_route(20);
  dublin(s, 1.0, 5, 0.0, 180);
  const auto plain = run(s);
  for (auto& c : s.countries)
    if (c.id == "HR") c.asylum->other_registrations = {{day0, 304.375, {}}};
  const auto with_others = run(s);
  REQUIRE(with_others.rec.final_stats.dublin.size() == 2);
  CHECK(with_others.rec.final_stats.dublin[0].nationalities == migsim::Nationalities::simulated);
  CHECK(with_others.rec.final_stats.dublin[0].requests == plain.rec.final_stats.dublin[0].requests);
  const migsim::DublinCount& other = with_others.rec.final_stats.dublin[1];
  CHECK(other.nationalities == migsim::Nationalities::other);
  CHECK(migsim::world_of(*with_others.model).nodes[other.from].id == "DE");
  CHECK(other.requests == 200);
  CHECK(other.transfers == 200);
  CHECK(with_others.rec.total("DE", applications) == plain.rec.total("DE", applications));
  for (auto& c : s.countries)
    if (c.id == "HR") c.asylum->other_registrations = {{day0, 2 * 304.375, {}}};
  const auto doubled = run(s);
  REQUIRE(doubled.rec.final_stats.dublin.size() == 2);
  CHECK(doubled.rec.final_stats.dublin[1].requests == 400);
}

TEST_CASE("Dublin table: the others' share by lag comes only from months that can show that lag") {
  // The deadline passes with no transfer: DE becomes responsible, nothing moves. No other
  // nationalities' transfer row may appear where no simulated person was transferred.
  auto s = balkan_route(20);
  dublin(s, 0.0, 5, 0.0, 10);
  for (auto& c : s.countries)
    if (c.id == "HR") c.asylum->other_registrations = {{day0, 304.375, {}}};
  const auto o = run(s);
  for (const migsim::DublinCount& r : o.rec.final_stats.dublin) CHECK(r.transfers == 0);
}

TEST_CASE("Dublin: recorded at entry without an intention, the state entered is asked to take charge") {
  // Everyone passing through HR is only fingerprinted there (recorded_at_entry 1): no
  // intention is counted in HR, yet HR is responsible as the state of irregular entry, so
  // Germany's request is a take-charge one and the transfer goes ahead as for a take-back.
  auto s = balkan_route(20);
  dublin(s, 1.0, 5, 0.0, 180);
  for (auto& c : s.countries)
    if (c.id == "HR") c.asylum->recorded_at_entry = 1.0;
  const auto o = run(s);
  CHECK(o.rec.total("HR", registrations) == 0);
  CHECK(o.rec.asylum(3, "DE")[AsylumEvent::applications] == 100);
  CHECK(o.rec.asylum(3, "HR")[AsylumEvent::dublin_requests] == 100);
  CHECK(o.rec.asylum(8, "HR")[AsylumEvent::dublin_transfers] == 100);
  const auto& rows = o.rec.final_stats.dublin;
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].basis == migsim::DublinBasis::take_charge);
  CHECK(rows[0].requests == 100);
  CHECK(rows[0].transfers == 100);
  // The other nationalities registered in HR follow its registrants, of whom there are none
  // here: no take-back rows are made up for them from take-charge cases.
  for (auto& c : s.countries)
    if (c.id == "HR") c.asylum->other_registrations = {{day0, 304.375, {}}};
  const auto with_others = run(s);
  for (const migsim::DublinCount& r : with_others.rec.final_stats.dublin)
    CHECK(r.nationalities == migsim::Nationalities::simulated);
}

TEST_CASE("Dublin: recorded_at_entry splits those passing through into take-charge and take-back cases") {
  // 10,000 people, each recorded at entry only with probability 0.3, independently: the
  // take-charge requests are Binomial(10,000, 0.3), sd 46; 5 sd (+-229) makes a false
  // failure a one-in-a-million event, while a share off by 0.03 would fail.
  auto s = balkan_route(20);
  s.total_people = 10000;
  dublin(s, 1.0, 5, 0.0, 180);
  for (auto& c : s.countries)
    if (c.id == "HR") c.asylum->recorded_at_entry = 0.3;
  const auto o = run(s);
  std::uint64_t charge = 0, back = 0;
  for (const migsim::DublinCount& r : o.rec.final_stats.dublin)
    (r.basis == migsim::DublinBasis::take_charge ? charge : back) += r.requests;
  CHECK(charge + back == 10000);
  CHECK(charge >= 2771);
  CHECK(charge <= 3229);
  CHECK(o.rec.total("HR", registrations) == back);  // only the take-back cases expressed an intention
}

namespace {

// O -> BY -> PL -> DE, one day each. Entering PL irregularly (asking for asylum at its border
// without a visa) registers there, and everyone lodges; PL decides nobody and is nobody's
// destination; DE recognises everyone.
ScenarioSpec through_poland(int days) {
  auto s = base(days, 100);
  country(s, "BY", 0, false);
  country(s, "PL", 0, false);
  country(s, "DE", 1);
  member(s, "PL");
  member(s, "DE");
  asylum(s, "PL", 0, 0.0);
  asylum(s, "DE", 100, 1.0);
  crossing(s, "OBY", "O", "BY", 1);
  crossing(s, "BYPL", "BY", "PL", 1).mode = Mode::irregular;
  crossing(s, "PLDE", "PL", "DE", 1);
  departures(s, 0, 0);
  return s;
}

std::uint64_t dublin_requests(const AsylumDay& d) {
  return d[AsylumEvent::dublin_requests];
}

}  // namespace

TEST_CASE("absconding: applicants leave before a decision, lodge again elsewhere and are asked back for") {
  auto s = through_poland(20);
  const auto stay = run(s);
  CHECK(stay.rec.total("PL", applications) == 100);        // lodged on arrival, day 2
  CHECK(stay.rec.at(19, "PL", Status::applicant) == 100);  // nobody decided: they wait
  CHECK(stay.rec.total("DE", applications) == 0);
  auto& p = policy(s, "leave", PolicyType::absconding, 5, 19);
  p.where.countries = {"PL"};
  params<Absconding>(p).daily_hazard = 1.0;
  const auto o = run(s);
  CHECK(o.rec.at(4, "PL", Status::applicant) == 100);   // not before the policy
  CHECK(o.rec.at(5, "PL", Status::in_transit) == 100);  // all leave on its first day
  CHECK(o.rec.transition(5, "PL", Transition::absconded) == 100);
  CHECK(stay.rec.total("PL", Transition::absconded) == 0);
  CHECK(o.rec.total("PL", applications) == 100);     // counted once, where lodged
  CHECK(o.rec.total("DE", applications) == 100);     // and again in Germany, as Eurostat counts it
  CHECK(o.rec.total("PL", dublin_requests) == 100);  // Poland stays responsible
  CHECK(o.rec.total("DE", dublin_requests) == 0);
  CHECK(o.rec.at(19, "DE", Status::protected_) == 100);  // no dublin policy: Germany keeps the cases
  // Selected by `who`: a trait nobody has (no one here fought) leaves everyone waiting.
  p.who.ex_combatant = true;
  CHECK(run(s).rec.at(19, "PL", Status::applicant) == 100);
}

TEST_CASE("pushback on arrival returns people across the crossing") {
  auto s = base(6, 100);
  country(s, "BY", 0, false);
  country(s, "LT", 1);
  member(s, "LT");
  asylum(s, "LT", 100, 1.0);
  crossing(s, "OBY", "O", "BY", 1);
  crossing(s, "BYLT", "BY", "LT", 1).mode = Mode::irregular;
  departures(s, 0, 0);
  auto& p = policy(s, "lt_push", PolicyType::pushback, 0, 5);
  p.where.countries = {"LT"};
  params<Pushback>(p).probability = 1.0;
  const auto o = run(s);
  CHECK(o.rec.asylum(2, "LT")[AsylumEvent::pushbacks] == 100);
  CHECK(o.rec.total("LT", registrations) == 0);
  CHECK(o.rec.at(5, "BY", Status::irregular) == 100);  // after a refusal they hide by default
}

TEST_CASE("pushbacks are counted per attempt and per person") {
  // From BY, LT and PL both push everyone back; moving on, people try the other one each day
  // (one of them on day 2, the other on day 3, ...): six attempts each by day 7, one person each.
  auto s = base(8, 100);
  country(s, "BY", 0, false);
  for (const char* c : {"LT", "PL"}) {
    country(s, c, 1);
    member(s, c);
    asylum(s, c, 100, 1.0);
    crossing(s, std::string("BY") + c, "BY", c, 1).mode = Mode::irregular;
  }
  crossing(s, "OBY", "O", "BY", 1);
  departures(s, 0, 0);
  everyone_refused_moves_on(s);
  auto& p = policy(s, "push", PolicyType::pushback, 0, 7);
  p.where.countries = {"LT", "PL"};
  params<Pushback>(p).probability = 1.0;
  const auto o = run(s);
  auto sum = [&](AsylumEvent e) {
    return o.rec.total("LT", [e](const AsylumDay& d) { return d[e]; }) +
           o.rec.total("PL", [e](const AsylumDay& d) { return d[e]; });
  };
  CHECK(sum(AsylumEvent::pushbacks) == 600);
  CHECK(sum(AsylumEvent::people_pushed_back) == 100);
  CHECK(o.rec.asylum(2, "LT")[AsylumEvent::people_pushed_back] +
            o.rec.asylum(2, "PL")[AsylumEvent::people_pushed_back] ==
        100);  // all on their first attempt, day 2
}

TEST_CASE("pushback even after applying: a daily risk for `days` after arrival") {
  auto s = to_germany(8, 0, 1.0);  // capacity 0: everyone stays an applicant
  country(s, "X", 0, false);
  s.crossings.clear();
  crossing(s, "OX", "O", "X", 1);
  crossing(s, "XDE", "X", "DE", 1);
  auto& p = policy(s, "de_push", PolicyType::pushback, 4, 7);  // starts after they applied on day 2
  p.where.countries = {"DE"};
  params<Pushback>(p).probability = 1.0;
  params<Pushback>(p).days = 10;
  const auto o = run(s);
  CHECK(o.rec.asylum(2, "DE")[AsylumEvent::applications] == 100);
  CHECK(o.rec.asylum(4, "DE")[AsylumEvent::pushbacks] == 100);
  CHECK(o.rec.at(4, "X", Status::irregular) == 100);
}

TEST_CASE("extradition: a daily hazard for those selected, back to the origin") {
  auto s = base(10, 100);
  s.profiles[0].ex_combatant = 1.0;
  country(s, "KZ", 1);
  crossing(s, "OKZ", "O", "KZ", 1);
  departures(s, 0, 0);
  auto& p = policy(s, "kz_extradites", PolicyType::extradition, 5, 9);
  p.where.countries = {"KZ"};
  p.who.ex_combatant = true;
  params<Extradition>(p).daily_hazard = 1.0;
  const auto o = run(s);
  CHECK(o.rec.at(4, "KZ", Status::settled) == 100);
  CHECK(o.rec.asylum(5, "KZ")[AsylumEvent::extraditions] == 100);
  CHECK(o.rec.at(5, "O", Status::returned) == 100);
}

TEST_CASE("deportation of rejected applicants, to the origin or a third country") {
  auto s = to_germany(8, 100, 0.0);
  country(s, "AM", 0, false);
  auto& p = policy(s, "de_deports", PolicyType::deportation, 0, 7);
  p.where.countries = {"DE"};
  params<Deportation>(p).daily_hazard = 1.0;
  auto o = run(s);
  CHECK(o.rec.asylum(2, "DE")[AsylumEvent::decisions_negative] == 100);
  CHECK(o.rec.asylum(3, "DE")[AsylumEvent::deportations] == 100);
  CHECK(o.rec.at(3, "O", Status::returned) == 100);
  params<Deportation>(s.policies.back()).to = "AM";
  o = run(s);
  CHECK(o.rec.at(3, "AM", Status::returned) == 100);
}

TEST_CASE("several deportation policies: independent causes, the one that removes sets where to") {
  // 4,000 rejected on day 2; two policies match everyone: 0.3 a day to the origin, 0.1 to AM.
  // Daily chance of removal 1 - 0.7 x 0.9 = 0.37; of the removed, 0.1 / 0.4 = a quarter go to
  // AM. Tolerances are 5 binomial standard deviations (a false alarm about once in 3.5
  // million runs): removals on day 3 sd = sqrt(4000 x 0.37 x 0.63) = 30.5; AM's share of
  // everyone removed, sd = sqrt(0.25 x 0.75 / 4000) = 0.0068.
  for (const bool am_first : {false, true}) {
    CAPTURE(am_first);
    auto s = to_germany(40, 4000, 0.0);
    s.total_people = 4000;
    country(s, "AM", 0, false);
    auto add = [&](const char* name, double hazard, const char* to) {
      auto& p = policy(s, name, PolicyType::deportation, 0, 39);
      p.where.countries = {"DE"};
      params<Deportation>(p) = {.daily_hazard = hazard, .to = to};
    };
    if (am_first) add("to_am", 0.1, "AM");
    add("home", 0.3, "");
    if (!am_first) add("to_am", 0.1, "AM");
    const auto o = run(s);
    REQUIRE(o.rec.asylum(2, "DE")[AsylumEvent::decisions_negative] == 4000);
    CHECK(std::abs(static_cast<double>(o.rec.asylum(3, "DE")[AsylumEvent::deportations]) - 1480) < 5 * 30.5);
    const double to_am = static_cast<double>(o.rec.at(39, "AM", Status::returned));
    const double home = static_cast<double>(o.rec.at(39, "O", Status::returned));
    CHECK(to_am + home == 4000);  // 0.63^37: nobody is left
    CHECK(std::abs(to_am / 4000 - 0.25) < 5 * 0.0068);
  }
}

TEST_CASE("an exit ban stops those it catches while it is in force") {
  auto s = base(8, 100);
  country(s, "A", 1);
  crossing(s, "OA", "O", "A", 1);
  departures(s, 0, 0);
  auto& p = policy(s, "summons", PolicyType::exit_ban, 0, 4);
  params<ExitBan>(p).share = 1.0;
  const auto o = run(s);
  for (int d = 0; d <= 4; ++d) CHECK(o.rec.entries(d, "OA") == 0);
  CHECK(o.rec.entries(5, "OA") == 100);
}

// Ukraine's martial law (issue 24): men of 18 to 60 may not leave, with exemptions (three
// or more children, disability, carers...). The existing type expresses it: who selects sex
// and age, and share is the part of them not exempt; the draw is per person and policy, so
// an exempt man stays exempt.
TEST_CASE("an exit ban by sex and age holds men 18-60 but the exempt share, and no one else") {
  auto s = base(30, 10000);
  s.profiles[0].male_share = 0.5;
  s.profiles[0].age = {AgeBand{0, 80, 1.0, {}}};  // whole years, uniform: 43 of 81 ages are 18-60
  country(s, "A", 1);
  crossing(s, "OA", "O", "A", 1);
  departures(s, 0, 0);
  auto& p = policy(s, "martial_law", PolicyType::exit_ban, 0, 19);
  p.who.male = true;
  p.who.age_from = 18;
  p.who.age_to = 60;
  params<ExitBan>(p).share = 0.9;  // 10 % exempt (an illustration, not a figure)
  const auto o = run(s);
  // Held at the origin through the ban: 10,000 x 0.5 x 43/81 x 0.9 = 2,389 expected; the
  // binomial sd of that count is 43, and 5 sd (215) keeps a false alarm below 1e-6 while a
  // ban that ignored sex (4,778), age (4,500) or the exemption (2,654) lies far outside.
  const double held = static_cast<double>(o.rec.at(19, "O", Status::at_origin));
  const double expected = 10000 * 0.5 * 43.0 / 81.0 * 0.9;
  CHECK(std::abs(held - expected) < 5 * std::sqrt(10000 * (expected / 10000) * (1 - expected / 10000)));
  CHECK(o.rec.at(19, "A", Status::settled) == 10000 - o.rec.at(19, "O", Status::at_origin));
  // The day after it ends they all leave.
  CHECK(o.rec.entries(20, "OA") == static_cast<std::uint64_t>(held));
  CHECK(o.rec.at(29, "A", Status::settled) == 10000);
}

TEST_CASE("humanitarian visas: a monthly quota, issued a day's share at a time, open the way") {
  auto s = base(15, 100);
  country(s, "DE", 1);
  member(s, "DE");
  crossing(s, "ODE", "O", "DE", 1, 0, {"pass", "visa"});
  departures(s, 0, 0);
  visas_per_day(s, "de_visas", "DE", 0, 14, 10);
  const auto o = run(s);
  CHECK(o.rec.entries(0, "ODE") == 0);
  for (int d = 1; d <= 10; ++d) CHECK(o.rec.entries(d, "ODE") == 10);  // granted the day before
  CHECK(o.rec.entries(11, "ODE") == 0);
}

TEST_CASE("humanitarian visas: a quota below the few eligible among many is filled each day") {
  // 20,000 people, about 10 of them of profile b, 2 visas a day for b: the 384 draws a day
  // find one about a fifth of the time, so the scan of the policy's pool fills the quota.
  auto s = base(12, 20000);
  ProfileSpec b = s.profiles[0];
  b.id = "b";
  b.share = 0.0005;
  s.profiles[0].share = 1 - b.share;
  s.profiles.push_back(b);
  country(s, "DE", 1);
  member(s, "DE");
  crossing(s, "ODE", "O", "DE", 1, 0, {"pass", "visa"});
  departures(s, 0, 0);
  visas_per_day(s, "de_visas", "DE", 1, 10, 2).who.profiles = {"b"};
  const auto o = run(s);
  std::uint64_t entered = 0;
  for (int d = 0; d < 12; ++d) {
    CHECK(o.rec.entries(d, "ODE") <= 2);
    entered += o.rec.entries(d, "ODE");
  }
  REQUIRE(entered >= 4);                // this seed draws enough people of b
  CHECK(o.rec.entries(2, "ODE") == 2);  // granted the day before
  CHECK(o.rec.entries(3, "ODE") == 2);
}

// 100 people reach DE (an EU member) on day 1 and wait there, as X, where they want to go,
// needs a visa; on day 5 X hands out visas enough for all of them.
ScenarioSpec visas_for_people_in_the_eu(bool issuer_in_eu) {
  auto s = base(10, 100);
  country(s, "DE", 1);
  member(s, "DE");
  country(s, "X", 20);  // the issuer: far better than DE, once its door opens
  if (issuer_in_eu) member(s, "X");
  crossing(s, "ODE", "O", "DE", 1);
  crossing(s, "DEX", "DE", "X", 1, 0, {"pass", "visa"});
  departures(s, 0, 0);
  visas_per_day(s, "x_visas", "X", 5, 5, 100);
  return s;
}

TEST_CASE("humanitarian visas: a non-EU state's reach people inside the EU, an EU state's do not") {
  // Israel's aliyah visa is issued in Germany too; a German humanitarian visa is of no use in France.
  auto o = run(visas_for_people_in_the_eu(false));
  CHECK(o.rec.at(5, "DE", Status::in_transit) == 100);  // in DE, X's door shut
  CHECK(o.rec.entries(6, "DEX") == 100);                // granted the day before
  o = run(visas_for_people_in_the_eu(true));
  for (int d = 0; d < 10; ++d) CHECK(o.rec.entries(d, "DEX") == 0);
  std::uint64_t in_x = 0;
  for (int st = 0; st < status_count; ++st) in_x += o.rec.at(9, "X", static_cast<Status>(st));
  CHECK(in_x == 0);
}

TEST_CASE("a stay limit makes people leave after that many days") {
  auto s = base(20, 100);
  everyone_refused_moves_on(s);
  country(s, "KZ", 10);
  country(s, "AM", -10);
  crossing(s, "OKZ", "O", "KZ", 1);
  crossing(s, "KZAM", "KZ", "AM", 1);
  departures(s, 0, 0);
  auto& p = policy(s, "kz_90_180", PolicyType::stay_limit, 0, 19);
  p.where.countries = {"KZ"};
  params<StayLimit>(p).days = 10;
  params<StayLimit>(p).window_days = 180;
  const auto o = run(s);
  CHECK(o.rec.at(10, "KZ", Status::settled) == 100);
  CHECK(o.rec.entries(11, "KZAM") == 100);
  CHECK(o.rec.at(12, "AM", Status::settled) == 100);
}

namespace {

// 100 people settle in KZ on day 1 under a stay limit of 10 days in any `window`; made to
// leave, they go to KG; given visas there on day 15, they come back to KZ on day 17.
ScenarioSpec return_to_kazakhstan(int window) {
  auto s = base(30, 100);
  everyone_refused_moves_on(s);
  country(s, "KZ", 10);
  country(s, "KG", -10);
  crossing(s, "OKZ", "O", "KZ", 1);
  crossing(s, "KZKG", "KZ", "KG", 1);
  crossing(s, "KGKZ", "KG", "KZ", 1, 0, {"pass", "visa"});
  departures(s, 0, 0);
  auto& limit = policy(s, "kz_limit", PolicyType::stay_limit, 0, 29);
  limit.where.countries = {"KZ"};
  params<StayLimit>(limit).days = 10;
  params<StayLimit>(limit).window_days = window;
  visas_per_day(s, "kz_visas", "KZ", 15, 15, 100);
  return s;
}

}  // namespace

TEST_CASE("a stay limit counts the days of an earlier stay that fall within its window") {
  // First stay: days 1-11, 10 days counted, then out. Back on day 17.
  auto o = run(return_to_kazakhstan(180));
  CHECK(o.rec.entries(11, "KZKG") == 100);
  CHECK(o.rec.entries(16, "KGKZ") == 100);
  // 10 of the last 180 days already spent: out again at the first check after the return.
  CHECK(o.rec.entries(18, "KZKG") == 100);
  // A 14-day window: on day d it still holds 11 - (d - 14) days of the first stay, so the
  // count stays at 8 until those have gone (day 25) and reaches 10 on day 27.
  o = run(return_to_kazakhstan(14));
  CHECK(o.rec.entries(18, "KZKG") == 0);
  for (int d = 19; d <= 26; ++d) CHECK(o.rec.at(d, "KZ", Status::settled) == 100);
  CHECK(o.rec.entries(27, "KZKG") == 100);
}

TEST_CASE("people with another ground to stay express no intention on an irregular entry") {
  auto s = balkan_route(6);
  s.profiles[0].documents["visa"] = 1.0;
  s.behaviour.settle_with = {"visa"};
  s.countries[2].asylum->lodging_share = 1.0;  // HR: anyone registering there would lodge
  const auto o = run(s);
  CHECK(o.rec.total("HR", registrations) == 0);
  CHECK(o.rec.total("DE", registrations) == 0);  // and at the destination they settle
  CHECK(o.rec.at(5, "DE", Status::settled) == 100);
}

TEST_CASE("a stay limit applies only to those its `who` selects") {
  auto s = base(20, 100);
  s.profiles[0].documents["visa"] = 0.5;
  country(s, "KZ", 10);
  country(s, "AM", -10);
  crossing(s, "OKZ", "O", "KZ", 1);
  crossing(s, "KZAM", "KZ", "AM", 1);
  departures(s, 0, 0);
  everyone_refused_moves_on(s);
  auto& p = policy(s, "kz_limit", PolicyType::stay_limit, 0, 19);
  p.where.countries = {"KZ"};
  p.who.lacking = {"visa"};  // a residence ground exempts
  params<StayLimit>(p).days = 10;
  params<StayLimit>(p).window_days = 180;
  const auto o = run(s);
  const auto left = o.rec.entries(11, "KZAM");
  const auto stayed = o.rec.at(19, "KZ", Status::settled);
  CHECK(left + stayed == 100);
  CHECK(left > 30);
  CHECK(stayed > 30);
  CHECK(o.rec.at(19, "AM", Status::settled) == left);
}

TEST_CASE("documents in behaviour.settle_with let people settle without applying") {
  auto s = to_germany(5, 10, 1.0);
  s.profiles[0].documents["visa"] = 1.0;
  s.behaviour.settle_with = {"visa"};
  const auto o = run(s);
  CHECK(o.rec.total("DE", registrations) == 0);
  CHECK(o.rec.at(4, "DE", Status::settled) == 100);
}

TEST_CASE("after a final rejection people go home when that is their choice") {
  auto s = to_germany(6, 100, 0.0);
  everyone_refused_goes_home(s);
  const auto o = run(s);
  CHECK(o.rec.at(2, "O", Status::home) == 100);
  CHECK(o.rec.at(5, "O", Status::home) == 100);  // and they stay
  CHECK(o.rec.transition(2, "DE", Transition::returned_home) == 100);
  CHECK(o.rec.at(5, "DE", Status::irregular) == 0);
}

namespace {

// 100 people settle in KZ on day 1 under a stay limit of 10 days; KZ has no way on.
ScenarioSpec stay_limit_in_kazakhstan(int days) {
  auto s = base(days, 100);
  country(s, "KZ", 10);
  crossing(s, "OKZ", "O", "KZ", 1);
  departures(s, 0, 0);
  auto& p = policy(s, "kz_limit", PolicyType::stay_limit, 0, days - 1);
  p.where.countries = {"KZ"};
  params<StayLimit>(p).days = 10;
  params<StayLimit>(p).window_days = 180;
  return s;
}

std::uint64_t limbo_people(const Recorder& rec, int days) {
  std::uint64_t n = 0;
  for (const auto& w : rec.final_stats.waits)
    if (w.wait == Wait::limbo && w.days == days) n += w.people;
  return n;
}

}  // namespace

TEST_CASE("a rejected applicant who hides is irregular where they were rejected, and in limbo until the end") {
  const auto o = run(to_germany(8, 100, 0.0));  // hide: the default after a refusal
  CHECK(o.rec.asylum(2, "DE")[AsylumEvent::decisions_negative] == 100);
  for (int d = 2; d <= 7; ++d) {
    CHECK(o.rec.at(d, "DE", Status::irregular) == 100);
    CHECK(o.rec.at(d, "DE", Status::rejected) == 0);
  }
  CHECK(limbo_people(o.rec, 7 - 1) == 100);  // registered on day 1, still removable on day 7
}

TEST_CASE("irregular after a rejection, people are still deported") {
  auto s = to_germany(8, 100, 0.0);
  auto& p = policy(s, "de_deports", PolicyType::deportation, 5, 7);  // in force after they went irregular
  p.where.countries = {"DE"};
  params<Deportation>(p).daily_hazard = 1.0;
  const auto o = run(s);
  CHECK(o.rec.at(4, "DE", Status::irregular) == 100);
  CHECK(o.rec.asylum(5, "DE")[AsylumEvent::deportations] == 100);
  CHECK(o.rec.at(5, "O", Status::returned) == 100);
  CHECK(limbo_people(o.rec, 5 - 1) == 100);  // their limbo ends with the removal
}

TEST_CASE("a stay limit puts people out, those who hide are irregular there, and not deportable") {
  auto s = stay_limit_in_kazakhstan(20);
  asylum(s, "KZ", 0, 0.0);  // a procedure, so a deportation policy may act there
  s.profiles[0].documents["visa"] = 1.0;
  s.behaviour.settle_with = {"visa"};  // they settle without applying
  auto& p = policy(s, "kz_deports", PolicyType::deportation, 0, 19);
  p.where.countries = {"KZ"};
  params<Deportation>(p).daily_hazard = 1.0;
  const auto o = run(s);
  CHECK(o.rec.at(10, "KZ", Status::settled) == 100);
  CHECK(o.rec.at(11, "KZ", Status::irregular) == 100);
  CHECK(o.rec.at(19, "KZ", Status::irregular) == 100);  // deportation is for rejected applicants
  CHECK(o.rec.total("KZ", [](const AsylumDay& d) { return d[AsylumEvent::deportations]; }) == 0);
  CHECK(limbo_people(o.rec, 19 - 1) == 0);  // no case: no limbo
}

TEST_CASE("someone put out who finds no destination to move on to is irregular") {
  auto s = stay_limit_in_kazakhstan(15);
  everyone_refused_moves_on(s);
  const auto o = run(s);
  CHECK(o.rec.at(11, "KZ", Status::irregular) == 100);
  CHECK(o.rec.at(14, "KZ", Status::in_transit) == 0);
}

TEST_CASE("someone put out who goes home is home at the origin, not irregular") {
  auto s = stay_limit_in_kazakhstan(15);
  everyone_refused_goes_home(s);
  const auto o = run(s);
  CHECK(o.rec.at(11, "O", Status::home) == 100);
  CHECK(o.rec.at(14, "O", Status::home) == 100);  // and they stay
  CHECK(o.rec.at(14, "O", Status::at_origin) == 0);
  CHECK(o.rec.at(14, "KZ", Status::irregular) == 0);
}

TEST_CASE("pushed back into the origin country, someone who hides stays there, not irregular") {
  auto s = base(6, 100);
  country(s, "LT", 1);
  member(s, "LT");
  asylum(s, "LT", 100, 1.0);
  crossing(s, "OLT", "O", "LT", 1).mode = Mode::irregular;
  departures(s, 0, 0);
  auto& p = policy(s, "lt_push", PolicyType::pushback, 0, 1);  // over before they could try again
  p.where.countries = {"LT"};
  params<Pushback>(p).probability = 1.0;
  const auto o = run(s);
  CHECK(o.rec.asylum(1, "LT")[AsylumEvent::pushbacks] == 100);
  CHECK(o.rec.at(5, "O", Status::in_transit) == 100);  // and they make no more plans
  CHECK(o.rec.at(5, "O", Status::irregular) == 0);
  for (int d = 2; d <= 5; ++d) CHECK(o.rec.entries(d, "OLT") == 0);
}

namespace {

// One policy of each registry type on the scenario of the test below, each placed so that
// its effect shows in the counts (the test names the effect beside each check). Every policy
// parameter of that test is set here, in one place.
void one_policy_of_each_type(ScenarioSpec& s) {
  const int last = s.end - s.start;
  dublin(s, 0.5, 7, 0.1, 20);  // HR is responsible for those it registered
  auto& ban = policy(s, "ban", PolicyType::entry_ban, 0, last);
  ban.where.countries = {"KZ"};
  ban.who.profiles = {"b"};
  policy(s, "shut", PolicyType::border_closure, 12, 16).where.crossings = {"OKZ"};
  auto& push = policy(s, "push", PolicyType::pushback, 10, 30);
  push.where.countries = {"HR"};
  params<Pushback>(push).probability = 0.3;
  params<Pushback>(push).days = 5;
  auto& rec = policy(s, "rec", PolicyType::recognition, 0, last);  // HR's own rate is 0
  rec.where.countries = {"HR"};
  rec.who.profiles = {"b"};
  params<Recognition>(rec).rate = 1.0;
  policy(s, "mor", PolicyType::moratorium, 20, 24).where.countries = {"HR"};
  auto& cap = policy(s, "cap", PolicyType::processing_capacity, 32, 36);
  cap.where.countries = {"HR"};
  params<ProcessingCapacity>(cap).per_month = 0;
  auto& ex = policy(s, "ex", PolicyType::extradition, 0, last);
  ex.where.countries = {"KZ"};
  ex.who.ex_combatant = true;
  params<Extradition>(ex).daily_hazard = 0.01;
  auto& dep = policy(s, "dep", PolicyType::deportation, 0, last);
  dep.where.countries = {"DE"};
  params<Deportation>(dep).daily_hazard = 0.05;
  params<ExitBan>(policy(s, "exit", PolicyType::exit_ban, 5, 9)).share = 1.0;
  // Visas for ODE, which needs one nobody has; only to profile b, which the ban keeps out of
  // KZ: a holder there, with no way on, would wait in transit in KZ.
  visas_per_day(s, "visas", "DE", 0, last, 20).who.profiles = {"b"};
  auto& stay = policy(s, "stay", PolicyType::stay_limit, 0, last);
  stay.where.countries = {"KZ"};
  params<StayLimit>(stay).days = 15;
  params<StayLimit>(stay).window_days = 180;
  // Life after settling, in KZ: permits from day 40 for half, none renewed; onward movement
  // from day 40 (over KZBA); going home from day 20, half of them to leave again while the
  // departure schedule (days 0-30) has days left.
  auto& permit = policy(s, "permit", PolicyType::residence_permit, 40, last);
  permit.where.countries = {"KZ"};
  params<ResidencePermit>(permit) = {.grant = 0.5, .days = 5, .renew = 0.0, .regularise = 0.05, .go_home = 0.5};
  auto& onward = policy(s, "onward", PolicyType::onward_movement, 40, last);
  onward.where.countries = {"KZ"};
  params<OnwardMovement>(onward).daily_hazard = 0.05;
  auto& home = policy(s, "home", PolicyType::return_home, 20, last);
  home.where.countries = {"KZ"};
  params<ReturnHome>(home) = {.daily_hazard = 0.05, .leave_again = 0.5};
  // Applicants in HR (the fifth who lodge there) leave before a decision from day 40.
  auto& abscond = policy(s, "abscond", PolicyType::absconding, 40, last);
  abscond.where.countries = {"HR"};
  params<Absconding>(abscond).daily_hazard = 0.05;
  // Germany grants temporary protection to profile b arriving on days 20-45.
  auto& temporary = policy(s, "temporary", PolicyType::temporary_protection, 20, 45);
  temporary.where.countries = {"DE"};
  temporary.who.profiles = {"b"};
  // People living in KZ visit home from day 20.
  auto& visit = policy(s, "visit", PolicyType::visit_home, 20, last);
  visit.where.countries = {"KZ"};
  params<VisitHome>(visit).daily_hazard = 0.05;
  // From day 20, KZ is more attractive to the first profile.
  auto& benefits = policy(s, "benefits", PolicyType::attractiveness, 20, last);
  benefits.where.countries = {"KZ"};
  benefits.who.profiles = {"all"};
  params<Attractiveness>(benefits).change = 2;
}

// People of profile `profile` at `node` on the last day, any status.
std::uint64_t people_at_end(const Recorder& rec, std::size_t profile, const std::string& node) {
  const std::size_t nodes = rec.world->node_count();
  std::uint64_t sum = 0;
  for (int st = 0; st < status_count; ++st)
    sum += rec.final_stats.outcomes[(profile * nodes + rec.node(node)) * status_count + static_cast<std::size_t>(st)];
  return sum;
}

}  // namespace

TEST_CASE("with every policy type at once, each acts, people are conserved and results do not depend on threads") {
  auto s = balkan_route(60);
  s.total_people = 20000;
  s.scale = 2;
  s.profiles[0].ex_combatant = 0.2;
  s.profiles[0].savings_median = 2000;
  s.profiles[0].savings_sigma = 1;
  s.profiles[0].share = 0.5;
  s.profiles.push_back(s.profiles[0]);
  s.profiles[1].id = "b";
  s.behaviour.after_refusal = {};
  s.behaviour.after_refusal.move_on = 0.4;
  s.behaviour.after_refusal.non_eu = 0.2;
  s.behaviour.after_refusal.hide = 0.3;
  s.behaviour.after_refusal.go_home = 0.1;
  country(s, "KZ", 0.5);
  crossing(s, "OKZ", "O", "KZ", 2, 0, {"pass"}, 300);
  crossing(s, "HRKZ", "HR", "KZ", 3);
  crossing(s, "KZBA", "KZ", "BA", 1);
  crossing(s, "ODE", "O", "DE", 1, 0, {"pass", "visa"});
  s.departures.clear();
  departures(s, 0, 30);
  s.countries[2].asylum->lodging_share = 0.2;  // HR
  s.countries[3].asylum->appeal = {0.5, 10, 0.3};
  s.countries[3].asylum->recognition = 0.4;
  s.countries[3].asylum->decisions_per_month = 2000;
  one_policy_of_each_type(s);
  for (int t = 0; t < policy_type_count; ++t)  // a type added to the registry needs its check here
    REQUIRE_MESSAGE(std::any_of(s.policies.begin(), s.policies.end(),
                                [&](const PolicySpec& p) { return p.type() == static_cast<PolicyType>(t); }),
                    "no policy of type ", name_of(static_cast<PolicyType>(t)));
  const auto one = run(s, 9, 1);
  const auto two = run(s, 9, 2);
  for (std::size_t d = 0; d < one.rec.days.size(); ++d) {
    const auto& a = one.rec.days[d];
    std::uint64_t total = 0;
    for (auto v : a.stock) total += v;
    CHECK(total == a.spawned_people);
    CHECK(a.stock == two.rec.days[d].stock);
    CHECK(a.transitions == two.rec.days[d].transitions);
    for (std::size_t n = 0; n < a.asylum.size(); ++n) {
      CHECK(a.asylum[n][AsylumEvent::applications] == two.rec.days[d].asylum[n][AsylumEvent::applications]);
      CHECK(a.asylum[n][AsylumEvent::pushbacks] == two.rec.days[d].asylum[n][AsylumEvent::pushbacks]);
    }
  }
  CHECK(one.rec.final_stats.outcomes == two.rec.final_stats.outcomes);

  // Each type acted, or the test proves little.
  const Recorder& r = one.rec;
  const auto entries = [&](const std::string& edge, int from, int until) {
    std::uint64_t sum = 0;
    for (int d = from; d <= until; ++d) sum += r.entries(d, edge);
    return sum;
  };
  const auto decided = [&](int d) {
    return r.asylum(d, "HR")[AsylumEvent::decisions_positive] + r.asylum(d, "HR")[AsylumEvent::decisions_negative];
  };
  // dublin: HR receives take-back requests and transfers.
  CHECK(r.total("HR", [](const AsylumDay& d) { return d[AsylumEvent::dublin_requests]; }) > 0);
  CHECK(r.total("HR", [](const AsylumDay& d) { return d[AsylumEvent::dublin_transfers]; }) > 0);
  // entry_ban: no one of profile b ends in KZ, while people of the other profile do.
  CHECK(people_at_end(r, 1, "KZ") == 0);
  CHECK(people_at_end(r, 0, "KZ") > 0);
  // border_closure: nobody sets off over OKZ on days 12-16, people do after.
  CHECK(entries("OKZ", 12, 16) == 0);
  CHECK(entries("OKZ", 17, 30) > 0);
  // pushback: HR returns people across its border.
  CHECK(r.total("HR", [](const AsylumDay& d) { return d[AsylumEvent::pushbacks]; }) > 0);
  // recognition: HR grants protection, which its own rate (0) never does.
  CHECK(r.total("HR", positive) > 0);
  // moratorium: HR decides nobody on days 20-24 though cases wait, and decides again after.
  for (int d = 20; d <= 24; ++d) {
    CHECK(decided(d) == 0);
    CHECK(r.asylum(d, "HR").backlog > 0);
  }
  CHECK(decided(25) > 0);
  // processing_capacity: with a capacity of 0 from day 32, HR's queue stops (decisions due
  // from the day before still come on day 32).
  for (int d = 33; d <= 36; ++d) {
    CHECK(decided(d) == 0);
    CHECK(r.asylum(d, "HR").backlog > 0);
  }
  // extradition and deportation remove people.
  CHECK(r.total("KZ", [](const AsylumDay& d) { return d[AsylumEvent::extraditions]; }) > 0);
  CHECK(r.total("DE", [](const AsylumDay& d) { return d[AsylumEvent::deportations]; }) > 0);
  // exit_ban: nobody leaves O on days 5-9, people do before.
  CHECK(entries("OBA", 5, 9) + entries("OKZ", 5, 9) + entries("ODE", 5, 9) == 0);
  CHECK(entries("OBA", 0, 4) > 0);
  // humanitarian_visa: people use ODE, which needs the visa only the policy hands out.
  CHECK(entries("ODE", 0, 59) > 0);
  // stay_limit: people settled in KZ must leave after 15 days; KZ has no way on, so those who
  // do not go home stay there irregularly. The first arrive on day 2, so none is before day 17.
  CHECK(r.at(16, "KZ", Status::irregular) == 0);
  CHECK(r.at(39, "KZ", Status::irregular) > 0);
  // residence_permit: granted to some in KZ from day 40, refused to others, and irregular
  // people there regularised.
  const auto kz = [&](Transition e, int from, int until) {
    std::uint64_t sum = 0;
    for (int d = from; d <= until; ++d) sum += r.transition(d, "KZ", e);
    return sum;
  };
  CHECK(kz(Transition::permit_granted, 0, 39) == 0);
  CHECK(kz(Transition::permit_granted, 40, 59) > 0);
  CHECK(kz(Transition::permit_refused, 40, 59) > 0);
  CHECK(kz(Transition::regularised, 40, 59) > 0);
  // onward_movement: people living in KZ move on from day 40, over KZBA; before, only those
  // a stay limit put out did (the others became irregular or went home).
  CHECK(kz(Transition::moved_on, 0, 19) == kz(Transition::stay_expired, 0, 19) -
                                               kz(Transition::became_irregular, 0, 19) -
                                               kz(Transition::returned_home, 0, 19));
  // Refused permits send nobody on (go_home 0.5, the rest hide): more moving on than stays
  // expired is onward movement.
  CHECK(kz(Transition::moved_on, 40, 59) > kz(Transition::stay_expired, 40, 59));
  CHECK(entries("KZBA", 40, 59) > 0);
  // return_home: people living in KZ go home from day 20, and some leave again, which
  // nothing else makes anyone do.
  CHECK(r.total("O", Transition::left_again) > 0);
  // absconding: applicants leave HR from day 40, not before.
  const auto hr_absconded = [&](int from, int until) {
    std::uint64_t sum = 0;
    for (int d = from; d <= until; ++d) sum += r.transition(d, "HR", Transition::absconded);
    return sum;
  };
  CHECK(hr_absconded(0, 39) == 0);
  CHECK(hr_absconded(40, 59) > 0);
  // temporary_protection: Germany grants it from day 20, not before; when it ends after day 45
  // its beneficiaries are settled.
  const auto de_granted = [&](int from, int until) {
    std::uint64_t sum = 0;
    for (int d = from; d <= until; ++d) sum += r.asylum(d, "DE")[AsylumEvent::temporary_protection_granted];
    return sum;
  };
  CHECK(de_granted(0, 19) == 0);
  CHECK(de_granted(20, 45) > 0);
  CHECK(r.at(45, "DE", Status::temporary) > 0);
  CHECK(r.at(46, "DE", Status::temporary) == 0);
  // visit_home: people living in KZ visit home from day 20, not before.
  CHECK(kz(Transition::visited_home, 0, 19) == 0);
  CHECK(kz(Transition::visited_home, 20, 59) > 0);
  // attractiveness: without it, fewer of the first profile end in KZ.
  auto without = s;
  for (auto& p : without.policies)
    if (p.name == "benefits") p.enabled = false;
  CHECK(people_at_end(r, 0, "KZ") > people_at_end(run(without, 9, 1).rec, 0, "KZ"));
}

TEST_CASE("a visa granted on the day someone sets off does not disturb their journey") {
  // Everyone can already go to A (3 days); visas for DE are issued from day 0 to people
  // at the origin, who are listed as candidates before they set off the same day.
  auto s = base(10, 100);
  country(s, "A", 1);
  country(s, "DE", -20);  // nobody would choose it over A
  member(s, "DE");
  crossing(s, "OA", "O", "A", 3);
  crossing(s, "ODE", "O", "DE", 1, 0, {"pass", "visa"});
  departures(s, 0, 0);
  visas_per_day(s, "de_visas", "DE", 0, 9, 10);
  const auto o = run(s);
  CHECK(o.rec.entries(0, "OA") == 100);
  CHECK(o.rec.at(2, "O", Status::travelling) == 100);
  // All arrive on time. Settled outside the EU, some are then granted visas the same day
  // and reconsider (in transit at A); DE cannot be reached from A, so they stay.
  CHECK(o.rec.at(3, "A", Status::settled) + o.rec.at(3, "A", Status::in_transit) == 100);
  CHECK(o.rec.at(3, "A", Status::in_transit) == 10);
}
