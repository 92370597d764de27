#include "agent/format/acknowledgement.h"

namespace fte::agent {

std::string acknowledgement(std::string_view reason, Channel channel) {
  if (channel == Channel::whatsapp) {
    if (reason == "negative_sentiment")
      return "I'm sorry for the trouble. A member of our team will follow up with you here "
             "personally, as soon as possible.";
    if (reason == "human_requested")
      return "Of course! A member of our team will follow up with you here shortly.";
    if (reason == "knowledge_gap")
      return "Thanks for your question! Our docs don't cover it, so a member of our team will "
             "follow up with you here personally, as soon as possible.";
    return "Thanks for your message! A member of our team will follow up with you here "
           "personally, as soon as possible.";
  }
  std::string first;
  if (reason == "negative_sentiment") {
    first = "I am sorry for the frustration this has caused, and thank you for telling us.";
  } else if (reason == "human_requested") {
    first = "Of course, I understand you would like to speak with a member of our team.";
  } else if (reason == "pricing_inquiry") {
    first = "Thank you for your interest in our plans.";
  } else if (reason == "security_incident") {
    first =
        "Thank you for reporting this right away: we treat possible security incidents as "
        "urgent.";
  } else if (reason == "knowledge_gap") {
    // Honest about why a person follows up: the documentation does not answer this.
    first =
        "Thank you for your question. Our documentation does not answer it, and I want to make "
        "sure you get an accurate answer.";
  } else {
    first = "Thank you for your message.";
  }
  return first +
         " I have passed your request to a member of our support team, who will follow up with "
         "you personally as soon as possible. Please keep your ticket reference for any "
         "follow-up.";
}

}  // namespace fte::agent
