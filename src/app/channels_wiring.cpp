#include "app/channels_wiring.h"

#include "app/pipeline.h"
#include "channels/email/email_channel.h"
#include "channels/email/mailbox_sync.h"
#include "channels/whatsapp/meta_cloud.h"
#include "channels/whatsapp/meta_sender.h"
#include "channels/whatsapp/routes.h"
#include "channels/whatsapp/twilio_sender.h"
#include "core/error.h"
#include "http/client.h"
#include "ops/log.h"
#include "ops/metrics.h"
#include "store/store.h"

namespace fte::app {

namespace {

// WhatsApp status callbacks (Twilio or Meta): the status goes on the stored outbound message whose provider id is the
// callback's MessageSid (statuses only move forward; see Store::set_delivery_status).
class StoreStatusSink final : public channels::whatsapp::DeliveryStatusSink {
 public:
  StoreStatusSink(Store& s, ops::Metrics& m) : store_(s), metrics_(m) {
    metrics_.declare("fte_delivery_status_total", "counter",
                     "Provider delivery status callbacks, by channel and status");
    metrics_.declare("fte_delivery_failures_escalated_total", "counter",
                     "Tickets escalated because a provider reported a reply undeliverable");
  }
  void record(channels::whatsapp::DeliveryStatusUpdate u,
              std::function<void(std::exception_ptr)> done) override {
    try {
      store_.set_delivery_status(u.message_sid, u.status, u.message_sid);
      metrics_.counter("fte_delivery_status_total", {{"channel", "whatsapp"}, {"status", u.status}}).inc();
      auto action = channels::whatsapp::failure_action(u.status, u.error_code);
      if (action != channels::whatsapp::FailureAction::none) {
        ops::warn("whatsapp delivery failed", u.correlation_id,
                  {{"provider_id", u.message_sid},
                   {"error_code", u.error_code},
                   {"action", channels::whatsapp::to_string(action)}});
        // Twilio accepted the reply but could not deliver it. The reply must not vanish: the
        // ticket goes to a human with the provider's error code (once per message).
        if (auto m = store_.message_by_provider_id(u.message_sid); m && !m->ticket_id.empty()) {
          AgentOutcome o;
          o.idempotency_key = "undelivered:" + m->id;
          o.ticket_id = m->ticket_id;
          o.conversation_id = m->conversation_id;
          o.channel = Channel::whatsapp;
          o.escalated = true;
          o.escalation_reason = "delivery_failed";
          o.escalation_urgency = "high";
          o.escalation_context = "whatsapp " + u.status + (u.error_code.empty() ? "" : " " + u.error_code) +
                                 " (" + channels::whatsapp::to_string(action) + ")";
          o.engine = "delivery";
          if (store_.commit_agent_outcome(o, {}))
            metrics_.counter("fte_delivery_failures_escalated_total", {{"channel", "whatsapp"}}).inc();
        }
      }
      done(nullptr);
    } catch (...) {
      done(std::current_exception());
    }
  }

 private:
  Store& store_;
  ops::Metrics& metrics_;
};

}  // namespace

struct ChannelSet::Impl {
  std::unique_ptr<http::HttpClient> http = http::make_curl_client();
  channels::whatsapp::WhatsAppConfig wa;
  channels::whatsapp::MetaConfig meta;
  std::shared_ptr<channels::ChannelSender> whatsapp_sender;  // Twilio or Meta (FTE_WHATSAPP_PROVIDER)
  std::unique_ptr<StoreStatusSink> status_sink;
  std::unique_ptr<channels::email::StoreHistoryCursor> cursor;
  std::unique_ptr<channels::email::EmailChannel> email;
  channels::Intake* intake = nullptr;
  ops::Metrics* metrics = nullptr;
};

ChannelSet::ChannelSet(const Config& c, Store& store, channels::Intake& intake, ops::Metrics& m)
    : impl_(std::make_unique<Impl>()) {
  auto& i = *impl_;
  i.intake = &intake;
  i.metrics = &m;
  i.wa.account_sid = c.twilio_account_sid;
  i.wa.auth_token = c.twilio_auth_token;
  i.wa.public_url = c.public_url;
  i.wa.from_number = c.twilio_whatsapp_from;
  if (!i.wa.from_number.empty() && i.wa.from_number.rfind("whatsapp:", 0) != 0)
    i.wa.from_number = "whatsapp:" + i.wa.from_number;
  i.wa.api_base_url = c.twilio_api_base;
  i.wa.template_content_sid = c.twilio_template_sid;
  i.wa.template_variables_json = c.twilio_template_variables;
  i.meta.app_secret = c.meta_app_secret;
  i.meta.verify_token = c.meta_verify_token;
  i.meta.access_token = c.meta_access_token;
  i.meta.phone_number_id = c.meta_phone_number_id;
  i.meta.graph_base_url = c.meta_graph_base;
  i.meta.template_name = c.meta_template_name;
  i.meta.template_language = c.meta_template_language;
  if (c.whatsapp_provider == "twilio")
    i.whatsapp_sender = std::make_shared<channels::whatsapp::TwilioSender>(i.wa, *i.http, SystemClock::instance(), &m);
  else if (c.whatsapp_provider == "meta")
    i.whatsapp_sender = std::make_shared<channels::whatsapp::MetaSender>(i.meta, *i.http);
  i.status_sink = std::make_unique<StoreStatusSink>(store, m);

  channels::email::EmailConfig ec;
  ec.client_id = c.gmail_client_id;
  ec.client_secret = c.gmail_client_secret;
  ec.refresh_token = c.gmail_refresh_token;
  ec.user = c.gmail_user;
  ec.api_base = c.gmail_api_base;
  ec.token_url = c.gmail_token_url;
  ec.push_audience = c.gmail_push_audience;
  ec.push_service_account = c.gmail_push_service_account;
  ec.jwks_url = c.gmail_jwks_url;
  ec.pubsub_topic = c.gmail_pubsub_topic;
  ec.support_email = c.support_email;
  ec.support_name = c.company_name;
  ec.poll_seconds = c.gmail_poll_seconds;
  i.cursor = std::make_unique<channels::email::StoreHistoryCursor>(
      store, c.support_email.empty() ? std::string("me") : normalize_email(c.support_email));
  i.email = std::make_unique<channels::email::EmailChannel>(ec, *i.http, intake, *i.cursor, m);
}

ChannelSet::~ChannelSet() { stop(); }

void ChannelSet::register_routes(http::Router& r) {
  channels::whatsapp::register_routes(r, *impl_->intake, *impl_->metrics, impl_->wa, impl_->status_sink.get());
  channels::whatsapp::register_meta_routes(r, *impl_->intake, *impl_->metrics, impl_->meta,
                                           impl_->status_sink.get());
  impl_->email->register_routes(r);
}

void ChannelSet::attach_senders(DeliveryWorker& w) {
  if (impl_->whatsapp_sender) w.set_sender(Channel::whatsapp, impl_->whatsapp_sender);
  if (auto* s = impl_->email->sender())
    // The EmailChannel owns the sender and outlives the worker's use of it (stop order in runtime).
    w.set_sender(Channel::email, std::shared_ptr<channels::ChannelSender>(s, [](channels::ChannelSender*) {}));
}

void ChannelSet::start() { impl_->email->start(); }
void ChannelSet::stop() {
  if (impl_ && impl_->email) impl_->email->stop();
}

std::string ChannelSet::summary() const {
  std::string s = "webform";
  const bool twilio_out = dynamic_cast<channels::whatsapp::TwilioSender*>(impl_->whatsapp_sender.get());
  const bool meta_out = dynamic_cast<channels::whatsapp::MetaSender*>(impl_->whatsapp_sender.get());
  if (impl_->wa.accepts_webhooks()) s += twilio_out ? " whatsapp(in+out)" : " whatsapp(in)";
  else if (twilio_out) s += " whatsapp(out)";
  if (!impl_->meta.app_secret.empty()) s += meta_out ? " whatsapp-meta(in+out)" : " whatsapp-meta(in)";
  else if (meta_out) s += " whatsapp-meta(out)";
  if (impl_->email->gmail_configured()) s += " email(out)";
  if (impl_->email->push_configured()) s += " email(push)";
  return s;
}

}  // namespace fte::app
