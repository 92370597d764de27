// ChannelSet: the WhatsApp (Twilio) and email (Gmail) channels assembled from Config — their
// webhooks for the gateway, their senders for the delivery worker, and the Gmail maintenance
// thread (polling, users.watch renewal). Channels without credentials stay off: their webhooks
// answer 503 (WhatsApp) or refuse unauthenticated pushes (Gmail), and replies on them escalate.
// Provider status callbacks (Twilio) are recorded on the stored outbound message.
#pragma once
#include <memory>
#include <string>

#include "app/config.h"
#include "channels/channel.h"

namespace fte {
class Store;
}
namespace fte::ops {
class Metrics;
}
namespace fte::http {
class Router;
}

namespace fte::app {

class DeliveryWorker;

class ChannelSet {
 public:
  ChannelSet(const Config& c, Store& store, channels::Intake& intake, ops::Metrics& m);
  ~ChannelSet();
  ChannelSet(const ChannelSet&) = delete;
  ChannelSet& operator=(const ChannelSet&) = delete;

  void register_routes(http::Router& r);  // /webhooks/whatsapp[/status], /webhooks/gmail
  void attach_senders(DeliveryWorker& w);
  void start();  // Gmail polling / watch renewal, when configured
  void stop();
  std::string summary() const;  // e.g. "whatsapp=twilio email=gmail" for the start-up log

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fte::app
