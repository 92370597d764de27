// HttpServer on Boost.Beast: one io_context per I/O thread, run by that thread alone (a
// connection's reads, writes and answers posted from other threads never wake a second thread of a
// shared context), connections spread over them round robin; one strand per connection, one request
// in flight per connection (pipelined requests wait in the connection's buffer). Beast parses
// requests; responses are written as one head string plus the body (see wire.h), which costs far
// less per request than Beast's serializer.
//
// Lifetimes. A connection (Session) is owned by the server's registry from accept to close, so it
// survives while a handler works on a request with no I/O pending. Respond callbacks hold only a
// weak reference plus the request's sequence number: the first call for the current request wins,
// later calls and calls for an old request are ignored. Callbacks from other threads go through the
// Gate: once stop() has closed it, answers are dropped, so nothing is ever posted to a dead
// io_context and no connection outlives it.
//
// Dispatch. Dispatch::worker handlers run on the WorkerPool (the task holds the Session, so the
// Request stays alive); Dispatch::io handlers run inline on the connection's strand. A connection's
// idle_since_ (atomic, read by the acceptor) is set while it waits for a request: those are the
// ones the acceptor may close to make room at the connection cap (see server.h).
#include "http/server.h"

#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <optional>
#include <random>
#include <shared_mutex>
#include <thread>
#include <unordered_map>

#include "core/error.h"
#include "core/thread_slice.h"
#include "core/wake_burst.h"
#include "http/errors.h"
#include "http/wire.h"
#include "http/worker_pool.h"
#include "ops/log.h"
#include "ops/metrics.h"

namespace fte::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr const char* kRequestsTotal = "fte_http_requests_total";
constexpr const char* kRequestDuration = "fte_http_request_duration_seconds";
constexpr auto kLingerTime = std::chrono::seconds(2);  // reading the rest of a refused request
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr const char* kConnectionsRefused = "fte_http_connections_refused_total";
constexpr const char* kWorkerQueueFull = "fte_http_worker_queue_full_total";
constexpr const char* kAnswerHandoff = "fte_http_answer_handoff_seconds";
constexpr const char* kAnsweredDirectly = "fte_http_answers_sent_directly_total";
// direct_answers: how often an I/O thread with requests in flight finishes the answers sent
// directly to its connections when no wake-up did (ServerCore::sweep).
constexpr auto kSweep = std::chrono::milliseconds(2);
// Descriptors kept for everything that is not an HTTP connection: the store's files, PostgreSQL and
// Kafka sockets, outbound HTTP, logs.
constexpr int kFdReserve = 128;
constexpr int kOverflowTimeoutS = 2;  // a connection beyond the cap must ask at once
// Sent (best effort) to a connection beyond the cap and the health reserve, before closing it.
constexpr std::string_view kFullResponse =
    "HTTP/1.1 503 Service Unavailable\r\nServer: fte\r\nContent-Type: application/json\r\n"
    "X-Content-Type-Options: nosniff\r\nRetry-After: 1\r\nConnection: close\r\n"
    "Content-Length: 77\r\n\r\n"
    "{\"error\":{\"code\":\"busy\",\"message\":\"too many open connections, please retry\"}}";

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Raises the soft RLIMIT_NOFILE to the hard limit (when allowed); returns the soft limit in force.
int raise_nofile(bool raise) {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return 1024;
  if (raise && rl.rlim_cur < rl.rlim_max) {
    rlimit want = rl;
    want.rlim_cur =
        rl.rlim_max == RLIM_INFINITY ? std::max<rlim_t>(rl.rlim_cur, 1 << 20) : rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &want) == 0) rl = want;
  }
  if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (1u << 30)) return 1 << 30;
  return static_cast<int>(rl.rlim_cur);
}

using Strand = net::strand<net::io_context::executor_type>;
using Socket = net::basic_stream_socket<tcp, Strand>;
using Timer = net::basic_waitable_timer<std::chrono::steady_clock,
                                        net::wait_traits<std::chrono::steady_clock>, Strand>;
using Clock = std::chrono::steady_clock;

// Shared by the server and every Respond callback; closed by stop() before the io_context dies.
struct Gate {
  std::shared_mutex mu;
  bool closed = false;
};

class Session;

// Everything the connections share; HttpServer::Impl is this (a named struct so Session can see
// it).
struct ServerCore {
  ServerCore(ServerOptions o, const Router& r, ops::Metrics& m)
      : opts(std::move(o)),
        router(r),
        metrics(m),
        iocs(make_contexts(std::max(1, opts.io_threads))),
        acceptor(net::make_strand(*iocs.front())),
        accept_retry(acceptor.get_executor()) {}

  void do_accept();
  void on_accept(beast::error_code ec, Socket socket);
  void remember(const std::shared_ptr<Session>& s);
  void forget(Session* s);
  bool evict_one_idle();
  void refuse_now(Socket& socket);
  // Answers from other threads (the store's writer, the worker pool) for the connections of I/O
  // thread `ctx`: queued in its mailbox, and only the first of a burst wakes the thread, which then
  // writes them all (a group commit completes many requests at once). No Response: the answering
  // thread sent it itself (Session::answer_directly); the I/O thread finishes the request (the rest
  // of a partial send, metrics, the next read).
  // wake=false: an answer sent directly whose finishing can wait for the thread's next wake-up
  // (the connection's watch, the sweep).
  void deliver(std::size_t ctx, std::shared_ptr<Session> s, std::optional<Response> r,
               bool wake = true);
  // direct_answers: requests handed to handlers on I/O thread `ctx` and not yet finished. While
  // there are any, the thread's sweep timer drains its mailbox every kSweep, so an answer sent
  // directly to a client that then stays silent is still finished (metrics, idle timer).
  void in_flight(std::size_t ctx, int delta);
  void sweep(std::size_t ctx);
  void drain(std::size_t ctx);
  void wait_for_answers(std::size_t ctx);

  ServerOptions opts;
  const Router& router;
  ops::Metrics& metrics;
  std::shared_ptr<Gate> gate = std::make_shared<Gate>();
  std::atomic<bool> draining{false};

  struct Mailbox {
    std::mutex mu;
    std::vector<std::pair<std::shared_ptr<Session>, std::optional<Response>>> answers;
    bool posted = false;  // a drain is queued on the context (or its wake-up written)
    std::chrono::steady_clock::time_point first_at{};  // the first answer since the last drain
    ops::Histogram* handoff = nullptr;  // kAnswerHandoff (start())
    // An eventfd the I/O thread waits on: deliver() writes it instead of posting to the context,
    // so the writer never takes the context's scheduler lock (nor makes its I/O thread wait on it).
    // Empty when eventfd failed: then deliver() posts.
    std::optional<net::posix::stream_descriptor> wake;
    struct ServerCore* core = nullptr;
    std::size_t ctx = 0;
    // On the I/O thread only: its requests in flight, and the sweep timer (start()).
    long in_flight = 0;
    bool sweep_armed = false;
    std::optional<net::steady_timer> sweep;
  };
  static std::vector<std::unique_ptr<Mailbox>> make_mailboxes(std::size_t n) {
    std::vector<std::unique_ptr<Mailbox>> v;
    for (std::size_t i = 0; i < n; ++i) v.push_back(std::make_unique<Mailbox>());
    return v;
  }
  // Wakes the mailbox's I/O thread (a WakeBurst::Fn: deferred to the end of a burst of answers).
  static void wake_mailbox(void* mailbox) {
    auto& m = *static_cast<Mailbox*>(mailbox);
    if (m.wake) {
      const std::uint64_t one = 1;
      if (::write(m.wake->native_handle(), &one, sizeof one) == sizeof one) return;
    }
    net::post(*m.core->iocs[m.ctx], [core = m.core, ctx = m.ctx] { core->drain(ctx); });
  }
  static std::vector<std::unique_ptr<net::io_context>> make_contexts(int n) {
    std::vector<std::unique_ptr<net::io_context>> v;
    for (int i = 0; i < n; ++i) v.push_back(std::make_unique<net::io_context>(1));
    return v;
  }

  // Destroyed in reverse order: the registry and the acceptor go before the io_contexts.
  std::vector<std::unique_ptr<net::io_context>> iocs;  // one per I/O thread
  std::size_t next_ioc = 0;                            // round robin; acceptor strand only
  std::size_t accepting_ioc = 0;                       // the context of the pending accept
  std::vector<std::unique_ptr<Mailbox>> mailboxes = make_mailboxes(iocs.size());
  ops::Counter* answered_directly = nullptr;  // kAnsweredDirectly (start())
  std::vector<net::executor_work_guard<net::io_context::executor_type>> work;
  tcp::acceptor acceptor;
  net::steady_timer accept_retry;
  std::vector<std::thread> threads;
  int bound_port = 0;
  int cap = 0;                       // connection cap in force (start())
  std::atomic<int> evicting{0};      // connections marked for eviction, not yet closed
  std::unique_ptr<WorkerPool> pool;  // Dispatch::worker handlers (start()); stopped before the iocs

  std::mutex lifecycle_mu;  // start/stop
  bool started = false, stopped = false;

  std::mutex sessions_mu;
  std::condition_variable sessions_cv;
  std::unordered_map<Session*, std::shared_ptr<Session>> sessions;
};

thread_local const void* tl_dispatching = nullptr;  // the Session whose handler runs on this thread

// One client connection. All members are touched on the connection's strand only, except
// pending_ (claimed by Respond callbacks from any thread).
class Session : public std::enable_shared_from_this<Session> {
  friend struct ServerCore;  // ServerCore::drain writes the answers it delivers

 public:
  Session(ServerCore& srv, Socket&& socket, bool overflow, std::size_t ctx)
      : srv_(srv),
        ctx_(ctx),
        socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        overflow_(overflow) {
    beast::error_code ec;
    socket_.set_option(tcp::no_delay(true), ec);
    auto ep = socket_.remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
  }

  void start() {
    srv_.remember(shared_from_this());
    net::dispatch(socket_.get_executor(),
                  beast::bind_front_handler(&Session::do_read, shared_from_this()));
  }

  Strand executor() { return socket_.get_executor(); }

  // stop(): connections waiting for their next request close now; busy ones after their answer.
  void close_if_idle() {
    if (!busy_) close();
  }

  // The acceptor picked this connection to make room (it was waiting for a request).
  std::atomic<std::int64_t> idle_since_{
      0};  // steady-clock ns while waiting for a request; 0 = busy
  std::atomic<bool> evicted_{false};
  void evict() {
    if (closed_) return;
    if (busy_ || idle_since_.load() == 0) {
      if (evicted_.exchange(false)) srv_.evicting.fetch_sub(1);
      return;
    }
    close();
  }

  bool claim(std::uint64_t seq) noexcept {
    std::uint64_t expected = seq;
    return pending_.compare_exchange_strong(expected, 0, std::memory_order_acq_rel);
  }

  // The Respond callback given to handlers.
  struct Responder {
    std::shared_ptr<Gate> gate;
    std::weak_ptr<Session> session;
    Session* raw;
    std::uint64_t seq;

    void operator()(Response r) const {
      // Answered inside the handler, on the connection's strand. (A live weak_ptr also proves that
      // `raw` is this callback's connection and not a new one at a reused address.)
      if (tl_dispatching == raw && !session.expired()) {
        if (raw->claim(seq)) raw->write(std::move(r));
        return;
      }
      std::shared_lock lk(gate->mu);  // held until handed over: stop() waits for this answer
      if (gate->closed) return;
      auto s = session.lock();
      if (!s || !s->claim(seq)) return;
      const std::size_t ctx = s->ctx_;
      if (s->srv_.opts.direct_answers) {
        s->answer_directly(std::move(r));
        const bool wake = s->wake_after_direct_.load(std::memory_order_relaxed);
        s->srv_.deliver(ctx, std::move(s), std::nullopt, wake);
        return;
      }
      s->srv_.deliver(ctx, std::move(s), std::move(r));
    }
  };

  // On the answering thread (not the connection's), right after claim() won the request: the
  // answer is sent with one non-blocking sendmsg on the socket's descriptor, so the client need
  // not wait for the I/O thread to wake. Safe because a claimed request owns the connection's
  // output: one request is in flight per connection, nothing else writes to it until write() or
  // finish_direct() runs, no read is pending (pipelined requests wait in buffer_), and the strand
  // touches none of the members used here meanwhile (its timer is disarmed; close_if_idle and
  // evict leave a busy connection alone). What could not be sent (EAGAIN, a partial send, a large
  // body) and everything else — metrics, the next read, closing — is the I/O thread's, in
  // finish_direct(), reached through the mailbox (whose lock publishes these members to it).
  void answer_directly(Response r) {
    prepare(std::move(r));
    srv_.answered_directly->inc();
    std::array<iovec, 2> iov{iovec{head_.data(), head_.size()}, iovec{body_.data(), body_.size()}};
    msghdr msg{};
    msg.msg_iov = iov.data();
    msg.msg_iovlen = body_.empty() ? 1 : 2;
    ssize_t n;
    do {
      n = ::sendmsg(socket_.native_handle(), &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    direct_sent_ = n > 0 ? static_cast<std::size_t>(n) : 0;
    direct_errno_ = n < 0 && errno != EAGAIN && errno != EWOULDBLOCK ? errno : 0;
    if (direct_sent_ == head_.size() + body_.size()) written_at_ = Clock::now();
  }

 private:
  // Idle timeout, checked lazily: a read or write only moves deadline_ (no timer syscall per
  // request); the timer re-arms itself to the latest deadline when it fires early.
  void arm(Clock::duration d) {
    deadline_ = Clock::now() + d;
    if (timer_armed_ && timer_expiry_ <= deadline_) return;
    timer_armed_ = true;
    timer_expiry_ = deadline_;
    timer_.expires_at(deadline_);
    timer_.async_wait([self = shared_from_this(), gen = ++timer_gen_](beast::error_code ec) {
      self->on_timer(ec, gen);
    });
  }
  void disarm() { deadline_ = Clock::time_point::max(); }
  void on_timer(beast::error_code ec, std::uint64_t gen) {
    if (gen != timer_gen_) return;  // superseded by an earlier deadline
    timer_armed_ = false;
    if (ec || closed_ || deadline_ == Clock::time_point::max()) return;
    if (Clock::now() >= deadline_) return close();  // idle (or too slow to read the answer)
    arm(deadline_ - Clock::now());
  }

  void do_read() {
    if (closed_) return;
    if (srv_.draining.load(std::memory_order_relaxed)) return close();
    busy_ = false;
    head_only_ = false;
    idle_since_.store(now_ns(), std::memory_order_relaxed);
    parser_.emplace();
    parser_->header_limit(
        static_cast<std::uint32_t>(std::min<std::size_t>(srv_.opts.max_header_bytes, UINT32_MAX)));
    parser_->body_limit(srv_.opts.max_body_bytes);
    int wait_s = first_request_ ? srv_.opts.request_timeout_s : srv_.opts.idle_timeout_s;
    if (overflow_) wait_s = std::min(wait_s, kOverflowTimeoutS);
    arm(std::chrono::seconds(std::max(1, wait_s)));
    if (buffer_.size() == 0 && !first_request_) {
      // A kept-alive connection's next request is rarely there yet when its answer has just been
      // written: wait for the socket to become readable before reading, instead of letting the
      // read try a receive first that finds nothing (one system call less per request). The
      // watch may have seen it readable already, or still be waiting.
      if (readable_) {
        readable_ = false;
        return read_header();
      }
      if (!watch_pending_) start_watch();
      return;
    }
    readable_ = false;
    read_header();
  }

  void read_header() {
    bhttp::async_read_header(socket_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (closed_) return;
    if (ec) return on_read_error(ec);
    if (auto bad = framing_error(); !bad.empty()) return refuse(400, "bad_request", bad);
    if (parser_->is_done()) return on_read({}, 0);
    auto read_body = [self = shared_from_this()] {
      bhttp::async_read(self->socket_, self->buffer_, *self->parser_,
                        beast::bind_front_handler(&Session::on_read, self));
    };
    if (!wire::iequals(parser_->get()[bhttp::field::expect], "100-continue")) return read_body();
    net::async_write(
        socket_, net::buffer(kContinue.data(), kContinue.size()),
        [this, self = shared_from_this(), read_body](beast::error_code wec, std::size_t) {
          if (closed_) return;
          if (wec) return close();
          read_body();
        });
  }

  // RFC 9112: a Transfer-Encoding other than chunked cannot be framed (§6.1), HTTP/1.0 has no
  // chunked coding, and an HTTP/1.1 request carries exactly one Host (§3.2).
  std::string framing_error() const {
    const auto& h = parser_->get();
    auto te = h.count(bhttp::field::transfer_encoding);
    if (te > 0) {
      if (h.version() < 11) return "Transfer-Encoding is not allowed in an HTTP/1.0 request";
      std::string_view v = h[bhttp::field::transfer_encoding];
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
      if (te > 1 || !wire::iequals(v, "chunked"))
        return "unsupported Transfer-Encoding (only chunked)";
      if (h.count(bhttp::field::content_length) > 0)
        return "Content-Length and Transfer-Encoding together (request smuggling)";
    }
    if (h.version() >= 11 && h.count(bhttp::field::host) != 1)
      return "an HTTP/1.1 request needs exactly one Host header";
    return {};
  }

  void on_read_error(beast::error_code ec) {
    if (ec == bhttp::error::header_limit) {
      return refuse(
          431, "header_too_large",
          "request header exceeds " + std::to_string(srv_.opts.max_header_bytes) + " bytes");
    }
    if (ec == bhttp::error::body_limit) {
      return refuse(413, "body_too_large",
                    "request body exceeds " + std::to_string(srv_.opts.max_body_bytes) + " bytes");
    }
    bool parse_error =
        ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
        ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
    if (parse_error) return refuse(400, "bad_request", "malformed HTTP request");
    close();  // end of stream, reset, closed by the idle timer, ...
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (closed_) return;
    if (ec) return on_read_error(ec);
    disarm();  // a slow handler is not an idle connection
    busy_ = true;
    first_request_ = false;
    idle_since_.store(0, std::memory_order_relaxed);
    started_ = Clock::now();
    auto& msg = parser_->get();
    http10_ = msg.version() < 11;
    keep_alive_ = msg.keep_alive() && !overflow_;  // a connection beyond the cap asks once
    fill_request(msg);
    if (req_.method == "HEAD") {  // answered as GET, headers only
      req_.method = "GET";
      head_only_ = true;
    }

    Router::Match m = srv_.router.match(req_);
    const std::uint64_t seq = ++seq_;
    pending_.store(seq, std::memory_order_release);
    if (!m.handler) {
      claim(seq);
      route_ = m.path_known ? m.route : std::string("unmatched");
      if (!m.path_known) return write(Response::error(404, "not_found", "no such resource"));
      Response r =
          Response::error(405, "method_not_allowed", "method not allowed for this resource");
      if (!m.allow.empty()) r.headers.emplace_back("Allow", m.allow);
      return write(std::move(r));
    }
    route_ = std::move(m.route);
    if (overflow_ && m.dispatch != Dispatch::io) {
      claim(seq);
      keep_alive_ = false;
      return write(busy_response("too many open connections, please retry"));
    }
    Responder responder{srv_.gate, weak_from_this(), this, seq};
    const bool watch = srv_.opts.direct_answers;
    if (watch) {
      // An answer sent directly needs no wake-up of this thread when the client's next request
      // (or its close) will wake it anyway: the watch below. With a request already buffered
      // (pipelining) nothing would, so the answering thread wakes this one as before.
      wake_after_direct_.store(buffer_.size() != 0, std::memory_order_relaxed);
      srv_.in_flight(ctx_, +1);
      counted_ = true;
    }
    if (m.dispatch == Dispatch::worker) {
      bool queued = srv_.pool->try_submit([self = shared_from_this(), h = m.handler, responder]() {
        try {
          (*h)(self->req_, Respond(responder));
        } catch (...) {
          responder(error_response(std::current_exception()));
        }
      });
      if (!queued && claim(seq)) {
        srv_.metrics.counter(kWorkerQueueFull).inc();
        write(busy_response("the server is busy, please retry"));
      }
      if (watch) start_watch();
      return;
    }
    const void* outer = tl_dispatching;
    tl_dispatching = this;
    try {
      (*m.handler)(req_, Respond(std::move(responder)));
      tl_dispatching = outer;
    } catch (...) {
      tl_dispatching = outer;
      if (claim(seq)) write(error_response(std::current_exception()));
    }
    if (watch) start_watch();
  }

  // The watch: one wait for readability, started when a request is handed to its handler (when
  // nothing is buffered) and kept until it fires. The client's next request (or its close) wakes
  // this thread through it, and that wake-up finishes the answers sent directly meanwhile (this
  // connection's and the others' of this thread: drain) before the request is read. It is also
  // the wait do_read() would start for a kept-alive connection's next request.
  void start_watch() {
    if (watch_pending_ || closed_ || buffer_.size() != 0 || readable_) return;
    watch_pending_ = true;
    socket_.async_wait(tcp::socket::wait_read,
                       [self = shared_from_this()](beast::error_code ec) { self->on_watch(ec); });
  }
  void on_watch(beast::error_code ec) {
    watch_pending_ = false;
    if (closed_) return;
    if (ec) {
      if (!busy_) on_read_error(ec);
      return;  // busy: the answer's write finds out
    }
    readable_ = true;
    if (busy_) {
      srv_.drain(ctx_);  // may finish this connection's answer: then do_read() reads on
      // Still unanswered (the client sent ahead): an answer sent directly must wake this thread
      // (one that raced with this store is finished by the sweep, within kSweep).
      if (busy_) wake_after_direct_.store(true, std::memory_order_relaxed);
      return;
    }
    readable_ = false;
    read_header();
  }

  static Response busy_response(std::string_view message) {
    Response r = Response::error(503, "busy", message);
    r.headers.emplace_back("Retry-After", "1");
    return r;
  }

  void fill_request(bhttp::request<bhttp::string_body>& msg) {
    req_.method.assign(msg.method_string());
    std::string_view target = msg.target();
    req_.target.assign(target);
    auto q = target.find('?');
    std::string_view raw_path = target.substr(0, q);
    if (raw_path.find('%') == std::string_view::npos)
      req_.path.assign(raw_path);
    else
      req_.path = url_decode(raw_path);
    if (q == std::string_view::npos)
      req_.query.clear();
    else
      req_.query.assign(target.substr(q + 1));
    std::size_t n = 0;
    for (const auto& f : msg) {
      if (n == req_.headers.size()) req_.headers.emplace_back();
      auto& [k, v] = req_.headers[n++];
      wire::assign_lower(k, f.name_string());
      v.assign(f.value());
    }
    req_.headers.resize(n);
    req_.body = std::move(msg.body());
    req_.remote_addr = remote_;
    req_.params.clear();
    std::string_view rid = req_.header("x-request-id");
    if (wire::sane_request_id(rid))
      req_.request_id.assign(rid);
    else
      wire::generate_request_id(req_.request_id);
  }

  // Answers a request that could not be read (too large, malformed), then closes the connection.
  void refuse(int status, std::string_view code, std::string message) {
    busy_ = true;
    started_ = Clock::now();
    http10_ = false;
    keep_alive_ = false;
    linger_ = true;
    route_ = "invalid";
    req_.method.clear();
    std::string_view rid;
    if (parser_ && parser_->is_header_done()) {
      req_.method.assign(parser_->get().method_string());
      rid = parser_->get()["X-Request-Id"];
    }
    if (wire::sane_request_id(rid))
      req_.request_id.assign(rid);
    else
      wire::generate_request_id(req_.request_id);
    write(Response::error(status, code, message));
  }

  void write(Response r) {
    if (closed_) return;
    prepare(std::move(r));
    arm(std::chrono::seconds(srv_.opts.idle_timeout_s));
    std::array<net::const_buffer, 2> bufs{net::buffer(head_), net::buffer(body_)};
    net::async_write(socket_, bufs,
                     beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  // The answer's bytes in head_ and body_; touches no I/O object (answer_directly runs it off the
  // strand).
  void prepare(Response r) {
    if (r.status < 200 || r.status > 999) r.status = 500;
    if (r.status == 204 || r.status == 304) r.body.clear();  // these carry no body
    status_ = r.status;
    if (r.status >= 500 && r.status != 503)  // 503 is load shedding, not a failure
      ops::error("http request failed", req_.request_id,
                 {{"route", route_}, {"status", std::to_string(r.status)}});
    bool keep_alive = keep_alive_ && !srv_.draining.load(std::memory_order_relaxed);
    keep_alive_ = keep_alive;
    head_.clear();
    wire::append_response_head(head_, r, req_.request_id, keep_alive, http10_);
    body_ = std::move(r.body);
    if (head_only_) body_.clear();  // the head keeps the GET answer's Content-Length
  }

  // On the strand, after answer_directly(): a failed send closes the connection, a complete one
  // goes on as after write(), the rest of a partial one is written as write() would.
  void finish_direct() {
    if (closed_) return;
    if (direct_errno_ != 0)
      return on_write(beast::error_code(direct_errno_, beast::system_category()), 0);
    const std::size_t total = head_.size() + body_.size();
    if (direct_sent_ == total) return on_write({}, total);
    arm(std::chrono::seconds(srv_.opts.idle_timeout_s));
    const std::size_t in_head = std::min(direct_sent_, head_.size());
    std::array<net::const_buffer, 2> bufs{
        net::buffer(head_) + in_head, net::buffer(body_) + (direct_sent_ - in_head)};
    net::async_write(socket_, bufs,
                     beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (counted_) {
      counted_ = false;
      srv_.in_flight(ctx_, -1);
    }
    record_metrics();
    busy_ = false;
    if (closed_) return;
    if (ec) return close();
    if (linger_) return linger_close();
    if (!keep_alive_) return close();
    do_read();
  }

  // After refusing a request, read and discard what the client is still sending (for a short
  // while), so that closing does not reset the connection before the client read the answer.
  void linger_close() {
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    buffer_.consume(buffer_.size());
    arm(kLingerTime);
    discard();
  }
  void discard() {
    socket_.async_read_some(buffer_.prepare(16 * 1024),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (self->closed_) return;
                              if (ec) return self->close();
                              self->discard();
                            });
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    timer_.cancel();
    srv_.forget(this);
  }

  void record_metrics() {
    // An answer the answering thread sent whole was written then, not when this thread came by.
    const Clock::time_point end = written_at_ == Clock::time_point{} ? Clock::now() : written_at_;
    written_at_ = {};
    double secs = std::chrono::duration<double>(end - started_).count();
    std::string_view method = wire::method_label(req_.method);
    ops::Counter* counter = nullptr;
    for (auto& c : counters_)
      if (c.status == status_ && c.method == method && c.route == route_) counter = c.counter;
    if (!counter) {
      if (counters_.size() >= 32) counters_.clear();
      counter = &srv_.metrics.counter(kRequestsTotal, {{"route", route_},
                                                       {"method", std::string(method)},
                                                       {"status", std::to_string(status_)}});
      counters_.push_back({route_, method, status_, counter});
    }
    counter->inc();
    ops::Histogram* hist = nullptr;
    for (auto& [route, h] : histograms_)
      if (route == route_) hist = h;
    if (!hist) {
      if (histograms_.size() >= 32) histograms_.clear();
      hist = &srv_.metrics.histogram(kRequestDuration, {{"route", route_}});
      histograms_.emplace_back(route_, hist);
    }
    hist->observe(secs);
  }

  ServerCore& srv_;
  const std::size_t ctx_;  // the I/O thread (io_context) this connection runs on
  Socket socket_;
  Timer timer_;
  Clock::time_point deadline_ = Clock::time_point::max(), timer_expiry_;
  std::uint64_t timer_gen_ = 0;
  bool timer_armed_ = false;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string head_, body_;  // the response being written
  // answer_directly(): bytes sent, the send's errno (0: none or EAGAIN), when sent whole.
  std::size_t direct_sent_ = 0;
  int direct_errno_ = 0;
  Clock::time_point written_at_{};
  // direct_answers: the watch (start_watch) is waiting / has seen the socket readable; the request
  // is counted in its thread's in-flight requests (the sweep); an answer sent directly must wake
  // the I/O thread (nothing else will soon).
  bool watch_pending_ = false, readable_ = false, counted_ = false;
  std::atomic<bool> wake_after_direct_{true};
  Request req_;
  std::string remote_;
  std::atomic<std::uint64_t> pending_{0};  // sequence number of the unanswered request, 0 = none
  std::uint64_t seq_ = 0;
  bool http10_ = false, keep_alive_ = false, busy_ = false, closed_ = false, linger_ = false;
  bool overflow_ = false;      // accepted beyond the cap: Dispatch::io routes only
  bool first_request_ = true;  // request_timeout_s applies until the first request is read
  bool head_only_ = false;     // answering HEAD
  int status_ = 0;
  std::string route_;
  Clock::time_point started_;

  // Per-connection cache of metric handles: no registry lock on the hot path.
  struct CachedCounter {
    std::string route;
    std::string_view method;
    int status;
    ops::Counter* counter;
  };
  std::vector<CachedCounter> counters_;
  std::vector<std::pair<std::string, ops::Histogram*>> histograms_;
};

void ServerCore::remember(const std::shared_ptr<Session>& s) {
  std::lock_guard lk(sessions_mu);
  sessions.emplace(s.get(), s);
}

void ServerCore::forget(Session* s) {
  std::shared_ptr<Session> keep;  // released outside the lock
  std::lock_guard lk(sessions_mu);
  if (auto it = sessions.find(s); it != sessions.end()) {
    keep = std::move(it->second);
    sessions.erase(it);
  }
  if (s->evicted_.exchange(false)) evicting.fetch_sub(1);
  if (sessions.empty()) sessions_cv.notify_all();
}

void ServerCore::do_accept() {
  accepting_ioc = next_ioc++ % iocs.size();
  acceptor.async_accept(net::make_strand(*iocs[accepting_ioc]),
                        beast::bind_front_handler(&ServerCore::on_accept, this));
}

void ServerCore::on_accept(beast::error_code ec, Socket socket) {
  if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
  if (ec) {
    // Out of descriptors and the like: back off a little instead of spinning.
    ops::warn("http accept failed", {}, {{"error", ec.message()}});
    accept_retry.expires_after(std::chrono::milliseconds(50));
    accept_retry.async_wait([this](beast::error_code wec) {
      if (!wec && acceptor.is_open()) do_accept();
    });
    return;
  }
  if (draining.load()) return do_accept();
  std::size_t open;
  {
    std::lock_guard lk(sessions_mu);
    open = sessions.size();
  }
  const auto marked = static_cast<std::size_t>(std::max(0, evicting.load()));
  open = open > marked ? open - marked : 0;
  bool overflow = false;
  if (open >= static_cast<std::size_t>(cap) && !evict_one_idle()) {
    if (open >= static_cast<std::size_t>(cap + std::max(0, opts.health_reserve))) {
      refuse_now(socket);
      return do_accept();
    }
    overflow = true;
  }
  std::make_shared<Session>(*this, std::move(socket), overflow, accepting_ioc)->start();
  do_accept();
}

void ServerCore::deliver(std::size_t ctx, std::shared_ptr<Session> s, std::optional<Response> r,
                         bool wake) {
  Mailbox& m = *mailboxes[ctx];
  {
    std::lock_guard lk(m.mu);
    m.answers.emplace_back(std::move(s), std::move(r));
    wake = wake && !m.posted;
    if (wake) {
      m.posted = true;
      m.first_at = Clock::now();
    }
  }
  if (wake) WakeBurst::wake(&ServerCore::wake_mailbox, &m);
}

void ServerCore::in_flight(std::size_t ctx, int delta) {
  Mailbox& m = *mailboxes[ctx];
  m.in_flight += delta;
  if (m.in_flight > 0 && !m.sweep_armed && m.sweep) {
    m.sweep_armed = true;
    m.sweep->expires_after(kSweep);
    m.sweep->async_wait([this, ctx](beast::error_code ec) {
      if (!ec) sweep(ctx);
    });
  }
}

void ServerCore::sweep(std::size_t ctx) {
  mailboxes[ctx]->sweep_armed = false;
  drain(ctx);
  in_flight(ctx, 0);  // again while requests are in flight
}

// Runs on the I/O thread: the next wait is queued before the counter is read and the mailbox
// emptied, so an answer delivered at any moment after the swap wakes a wait already queued.
void ServerCore::wait_for_answers(std::size_t ctx) {
  Mailbox& m = *mailboxes[ctx];
  m.wake->async_wait(net::posix::stream_descriptor::wait_read, [this, ctx](beast::error_code ec) {
    if (ec) return;  // closed at stop()
    wait_for_answers(ctx);
    std::uint64_t n;
    [[maybe_unused]] auto got = ::read(mailboxes[ctx]->wake->native_handle(), &n, sizeof n);
    drain(ctx);
  });
}

void ServerCore::drain(std::size_t ctx) {
  Mailbox& m = *mailboxes[ctx];
  std::vector<std::pair<std::shared_ptr<Session>, std::optional<Response>>> answers;
  Clock::time_point first_at;
  {
    std::lock_guard lk(m.mu);
    answers.swap(m.answers);
    m.posted = false;
    first_at = m.first_at;
  }
  // How long the answers this thread writes waited for it to run: the wake-up's latency (at most;
  // the later answers of a burst waited a little less than the first). Answers their own thread
  // sent (no Response here) waited for nobody and are counted in kAnsweredDirectly instead.
  if (m.handoff && !answers.empty()) {
    const double secs = std::chrono::duration<double>(Clock::now() - first_at).count();
    for (const auto& a : answers)
      if (a.second) m.handoff->observe(secs);
  }
  // On the connection's own thread: each answer is written (or finished) at once through its
  // strand.
  for (auto& [s, r] : answers) {
    auto ex = s->executor();
    net::dispatch(ex, [s = std::move(s), r = std::move(r)]() mutable {
      if (r)
        s->write(std::move(*r));
      else
        s->finish_direct();
    });
  }
}

// Marks the connection that has waited longest for a request and has it closed; false when every
// connection is busy with a request.
bool ServerCore::evict_one_idle() {
  std::shared_ptr<Session> victim;
  {
    std::lock_guard lk(sessions_mu);
    std::int64_t oldest = std::numeric_limits<std::int64_t>::max();
    for (auto& [raw, sp] : sessions) {
      auto since = raw->idle_since_.load(std::memory_order_relaxed);
      if (since == 0 || since >= oldest || raw->evicted_.load(std::memory_order_relaxed)) continue;
      oldest = since;
      victim = sp;
    }
    if (!victim || victim->evicted_.exchange(true)) return false;
    evicting.fetch_add(1);
  }
  metrics.counter(kConnectionsRefused, {{"reason", "idle_evicted"}}).inc();
  auto ex = victim->executor();
  net::post(ex, [victim = std::move(victim)] { victim->evict(); });
  return true;
}

void ServerCore::refuse_now(Socket& socket) {
  metrics.counter(kConnectionsRefused, {{"reason", "full"}}).inc();
  beast::error_code ec;
  socket.non_blocking(true, ec);
  socket.write_some(net::buffer(kFullResponse.data(), kFullResponse.size()), ec);
  socket.shutdown(tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

}  // namespace

struct HttpServer::Impl : ServerCore {
  using ServerCore::ServerCore;
};

HttpServer::HttpServer(ServerOptions o, const Router& router, ops::Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(o), router, metrics)) {
  metrics.declare(kRequestsTotal, "counter", "HTTP requests answered, by route, method and status");
  metrics.declare(kConnectionsRefused, "counter",
                  "HTTP connections closed at the connection cap (idle_evicted: the oldest waiting "
                  "connection made room; full: refused with 503)");
  metrics.declare(kWorkerQueueFull, "counter",
                  "HTTP requests answered 503 because the handler worker queue was full");
  metrics.declare(kRequestDuration, "histogram",
                  "HTTP request duration from request read to response written",
                  ops::Metrics::latency_buckets());
  metrics.declare(kAnswerHandoff, "histogram",
                  "Time an answer made on another thread (the store's writer, a worker) waited "
                  "for its connection's I/O thread to run",
                  {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1});
  metrics.declare(kAnsweredDirectly, "counter",
                  "HTTP answers made on another thread that it sent itself, not waiting for the "
                  "connection's I/O thread (what a send could not take, the I/O thread writes)");
}

HttpServer::~HttpServer() {
  stop(0);
}

void HttpServer::start() {
  std::lock_guard lk(impl_->lifecycle_mu);
  Impl& s = *impl_;
  if (s.started) return;
  beast::error_code ec;
  auto addr = net::ip::make_address(s.opts.bind, ec);
  if (ec)
    throw Error(ErrorKind::invalid_argument,
                "http bind address is not an IP address: " + s.opts.bind, "bind");
  tcp::endpoint ep(addr, static_cast<unsigned short>(s.opts.port));
  s.acceptor.open(ep.protocol(), ec);
  if (!ec) s.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(ep, ec);
  if (!ec) s.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    beast::error_code ignored;
    s.acceptor.close(ignored);
    throw Error(ErrorKind::unavailable, "cannot listen on " + s.opts.bind + ":" +
                                            std::to_string(s.opts.port) + ": " + ec.message());
  }
  s.bound_port = s.acceptor.local_endpoint().port();
  const int fd_limit = raise_nofile(s.opts.raise_fd_limit);
  const int budget = std::max(16, fd_limit - kFdReserve - std::max(0, s.opts.health_reserve));
  s.cap = std::max(1, std::min(s.opts.max_connections, budget));
  if (s.cap < s.opts.max_connections)
    ops::info("http connection cap lowered to fit the descriptor limit", {},
              {{"max_connections", std::to_string(s.cap)}, {"nofile", std::to_string(fd_limit)}});
  s.pool = std::make_unique<WorkerPool>(s.opts.worker_threads, s.opts.worker_queue);
  for (auto& c : s.iocs) s.work.emplace_back(c->get_executor());
  s.answered_directly = &s.metrics.counter(kAnsweredDirectly);
  for (std::size_t i = 0; i < s.iocs.size(); ++i) {
    s.mailboxes[i]->core = &s;
    s.mailboxes[i]->ctx = i;
    s.mailboxes[i]->handoff = &s.metrics.histogram(kAnswerHandoff);
    s.mailboxes[i]->sweep.emplace(*s.iocs[i]);
    int fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (fd < 0) continue;  // answers are posted instead
    s.mailboxes[i]->wake.emplace(*s.iocs[i], fd);
    s.wait_for_answers(i);
  }
  s.do_accept();
  for (auto& c : s.iocs) {
    s.threads.emplace_back([ioc = c.get(), slice = s.opts.thread_slice_us] {
      if (slice > 0) request_short_slice(std::chrono::microseconds(slice));
      for (;;) {
        try {
          ioc->run();
          return;
        } catch (const std::exception& e) {
          ops::error("http I/O thread caught an exception", {}, {{"what", e.what()}});
        }
      }
    });
  }
  s.started = true;
}

int HttpServer::port() const {
  return impl_->bound_port;
}

int HttpServer::max_connections() const {
  return impl_->cap;
}

std::size_t HttpServer::handlers_waiting() const {
  return impl_->pool ? impl_->pool->queued() : 0;
}

void HttpServer::stop(int drain_ms) {
  std::lock_guard lk(impl_->lifecycle_mu);
  Impl& s = *impl_;
  if (!s.started || s.stopped) return;
  s.stopped = true;
  s.draining.store(true);
  net::post(s.acceptor.get_executor(), [&s] {
    beast::error_code ec;
    s.acceptor.close(ec);
    s.accept_retry.cancel();
  });
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard sl(s.sessions_mu);
    for (auto& [raw, sp] : s.sessions) live.push_back(sp);
  }
  for (auto& sp : live) net::post(sp->executor(), [sp] { sp->close_if_idle(); });
  live.clear();
  {
    std::unique_lock sl(s.sessions_mu);
    s.sessions_cv.wait_until(
        sl, std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max(0, drain_ms)),
        [&s] { return s.sessions.empty(); });
  }
  {
    std::unique_lock gl(s.gate->mu);  // from here on, late answers are dropped
    s.gate->closed = true;
  }
  if (s.pool) s.pool->stop();  // drops queued handlers, waits for running ones
  s.work.clear();
  for (auto& c : s.iocs) c->stop();
  for (auto& t : s.threads) t.join();
  s.threads.clear();
  for (auto& m : s.mailboxes) {  // answers that came too late to be written
    std::lock_guard ml(m->mu);
    m->answers.clear();
    m->posted = false;
  }
  std::unordered_map<Session*, std::shared_ptr<Session>> rest;
  {
    std::lock_guard sl(s.sessions_mu);
    rest.swap(s.sessions);
  }
  rest.clear();  // closes the connections whose handlers never answered
}

}  // namespace fte::http
