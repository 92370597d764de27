#include "scenario.h"

#include <algorithm>
#include <cstdio>
#include <random>
#include <stdexcept>

namespace fte::bench {

namespace {

// Ordinary product questions (most are answerable from a product's docs) and a few that a
// support agent must hand to a human (refunds, legal threats, asking for a person).
const char* const kQuestions[][2] = {
    {"Password reset", "How do I reset my password? The reset link I got has expired."},
    {"Inviting my team", "How do I invite team members to my workspace?"},
    {"Two-factor login", "How do I enable two-factor authentication on my account?"},
    {"Export", "How can I export all my project data to a CSV file?"},
    {"Slack", "How do I connect the Slack integration to my projects?"},
    {"API key", "Where do I find my API key, and how do webhooks work?"},
    {"Sprints", "How do I plan a sprint and move tasks into it?"},
    {"Plan change", "How do I upgrade or change my billing plan?"},
    {"Mobile sync", "The mobile app does not sync my tasks. What should I do?"},
    {"SSO", "How do I set up single sign-on for my team?"},
    {"New project", "How do I create a new project and add tasks to it?"},
    {"Notifications", "How can I turn off email notifications for comments?"},
};
const char* const kEscalations[][2] = {
    {"Refund now", "I was charged twice this month. I want a full refund today or I will call my lawyer."},
    {"Speak to a person", "This is the third time I ask. Let me speak to a human manager, not a bot."},
};

std::string hex(std::uint64_t v, int width) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%0*llx", width, static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

const char* to_string(Via v) {
  return v == Via::webform ? "webform" : v == Via::email ? "email" : "whatsapp";
}

std::string Message::channel_message_id() const {
  return via == Via::webform ? "idem:" + key : key;
}

Scenario make_scenario(const ScenarioOptions& o) {
  if (o.cross_channel < 0 || o.cross_channel > o.webform || o.webform < 0 || o.email < 0 || o.whatsapp < 0 || o.duration_s <= 0)
    throw std::invalid_argument("scenario: counts must be >= 0, cross-channel <= web-form count");
  std::mt19937_64 rng(o.seed);
  auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
  const double d = o.duration_s * 1000.0;
  Scenario s;
  int web_left = o.webform, email_left = o.email, wa_left = o.whatsapp;
  auto customer = [&](bool cross) {
    Customer c;
    c.id = static_cast<int>(s.customers.size());
    c.name = "Customer " + std::to_string(c.id);
    c.email = "customer" + std::to_string(c.id) + "." + hex(o.seed & 0xffff, 4) + "@example.org";
    char phone[32];
    std::snprintf(phone, sizeof phone, "+4477009%05d", c.id);
    c.phone = phone;
    c.ip = "198.18." + std::to_string(c.id / 250) + "." + std::to_string(1 + c.id % 250);
    c.cross_channel = cross;
    s.customers.push_back(c);
    return c.id;
  };
  auto add = [&](Via via, int cust, double lo, double hi, int after) {
    Message m;
    m.index = static_cast<int>(s.messages.size());
    m.via = via;
    m.customer = cust;
    bool escalate = std::uniform_int_distribution<int>(0, 99)(rng) < 8;
    const auto& q = escalate ? kEscalations[rng() % 2] : kQuestions[rng() % 12];
    m.subject = q[0];
    m.text = q[1];
    if (via == Via::webform) {
      m.key = "mc-" + hex(o.seed, 8) + "-" + std::to_string(m.index);
      --web_left;
    } else if (via == Via::email) {
      m.key = "19" + hex(o.seed & 0xffffff, 6) + hex(static_cast<std::uint64_t>(m.index), 8);
      m.thread = m.key;
      m.push = m.index % 2 == 1;
      --email_left;
    } else {
      m.key = "SM" + hex(o.seed, 16) + hex(static_cast<std::uint64_t>(m.index), 16);
      --wa_left;
    }
    m.after = after;
    m.at_ms = static_cast<std::int64_t>(uniform(lo, hi) * d);
    s.messages.push_back(m);
    return m.index;
  };
  // Cross-channel customers, four patterns in turn:
  //   web form (email + phone) → email;  web form → WhatsApp;  web form → email and WhatsApp;
  //   email → web form (email + phone) → WhatsApp.
  for (int k = 0; k < o.cross_channel; ++k) {
    int c = customer(true);
    int p = k % 4;
    bool email = p != 1 && email_left > 0, wa = p != 0 && wa_left > 0;
    if (!email && !wa) email = email_left > 0, wa = !email && wa_left > 0;
    if (!email && !wa) throw std::invalid_argument("scenario: not enough email/WhatsApp messages for the cross-channel customers");
    if (p == 3 && email) {
      int e = add(Via::email, c, 0.0, 0.3, -1);
      int w = add(Via::webform, c, 0.35, 0.6, e);
      s.messages[static_cast<std::size_t>(w)].web_phone = true;
      if (wa) add(Via::whatsapp, c, 0.65, 0.9, w);
      continue;
    }
    int w = add(Via::webform, c, 0.0, 0.3, -1);
    s.messages[static_cast<std::size_t>(w)].web_phone = true;
    if (email) add(Via::email, c, 0.35, 0.6, w);
    if (wa) add(Via::whatsapp, c, email ? 0.65 : 0.35, 0.9, w);
  }
  while (web_left > 0) add(Via::webform, customer(false), 0.0, 1.0, -1);
  while (email_left > 0) add(Via::email, customer(false), 0.0, 1.0, -1);
  while (wa_left > 0) add(Via::whatsapp, customer(false), 0.0, 1.0, -1);
  std::stable_sort(s.messages.begin(), s.messages.end(),
                   [](const Message& a, const Message& b) { return a.at_ms < b.at_ms; });
  // Indices follow the send order; `after` follows the renumbering.
  std::vector<int> pos(s.messages.size());
  for (std::size_t i = 0; i < s.messages.size(); ++i) pos[static_cast<std::size_t>(s.messages[i].index)] = static_cast<int>(i);
  for (auto& m : s.messages) {
    m.index = pos[static_cast<std::size_t>(m.index)];
    if (m.after >= 0) m.after = pos[static_cast<std::size_t>(m.after)];
  }
  return s;
}

}  // namespace fte::bench
