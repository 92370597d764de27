-- wrk script: Twilio-signed WhatsApp webhooks (POST /webhooks/whatsapp), for "signed webhook intake
-- requests/s". Server: TWILIO_AUTH_TOKEN=bench-whatsapp-token TWILIO_ACCOUNT_SID=ACbench
-- FTE_PUBLIC_URL=https://bench.example.test. Requests come from WA_REQUESTS (made by
-- bench/whatsapp_signed_gen.py: one new message each, split between wrk threads); without it, every
-- request is the same precomputed signed message (the deduplicated-replay path). WA_THREADS must equal
-- wrk's -t so the threads take disjoint lines (otherwise half the requests are replays).
--   WA_REQUESTS=/tmp/wa_signed.txt WA_THREADS=2 wrk -t2 -c64 -d30s --latency -s bench/whatsapp_signed.lua http://127.0.0.1:8080

local path = "/webhooks/whatsapp"
-- One fixed message signed with token bench-whatsapp-token for https://bench.example.test/webhooks/whatsapp.
local fixed_body = "MessageSid=SMbench0000000000000000000000000001&AccountSid=ACbench&From=whatsapp%3A%2B14155550101&To=whatsapp%3A%2B14155238886&Body=How+do+I+reset+my+password%3F&NumMedia=0&ProfileName=Bench&WaId=14155550101"
local fixed_sig = "0mCo2RvZvYoYTVvnfe19oHyM3hE="

local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

local reqs = {}
local n, i = 0, 0

function init(args)
  local file = os.getenv("WA_REQUESTS")
  local nthreads = tonumber(os.getenv("WA_THREADS") or "0")
  if file then
    local f = assert(io.open(file, "r"))
    local line_no = 0
    local stride = (nthreads and nthreads > 0) and nthreads or 1
    local me = tid or 0
    for line in f:lines() do
      if line_no % stride == me % stride then
        local tab = line:find("\t", 1, true)
        if tab then
          n = n + 1
          reqs[n] = wrk.format("POST", path, {
            ["Content-Type"] = "application/x-www-form-urlencoded",
            ["X-Twilio-Signature"] = line:sub(1, tab - 1),
          }, line:sub(tab + 1))
        end
      end
      line_no = line_no + 1
    end
    f:close()
  end
  if n == 0 then
    n = 1
    reqs[1] = wrk.format("POST", path, {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["X-Twilio-Signature"] = fixed_sig,
    }, fixed_body)
  end
end

function request()
  i = i % n + 1
  return reqs[i]
end

function done(summary, latency, requests)
  io.write(string.format("p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000))
end
