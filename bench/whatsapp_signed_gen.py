#!/usr/bin/env python3
"""Writes Twilio-signed WhatsApp webhook requests for bench/whatsapp_signed.lua, one per line:
<X-Twilio-Signature>\t<form body>. Each has its own MessageSid, so every request is a new message
(after the file is used up, wrk cycles and the rest are deduplicated replays).

  python3 bench/whatsapp_signed_gen.py --count 300000 > /tmp/wa_signed.txt
  TWILIO_AUTH_TOKEN=bench-whatsapp-token TWILIO_ACCOUNT_SID=ACbench \
    FTE_PUBLIC_URL=https://bench.example.test fte serve ...
  WA_REQUESTS=/tmp/wa_signed.txt WA_THREADS=2 wrk -t2 -c64 -d30s --latency -s bench/whatsapp_signed.lua http://127.0.0.1:8080
"""
import argparse, base64, hashlib, hmac, os, sys, urllib.parse

p = argparse.ArgumentParser()
p.add_argument("--token", default="bench-whatsapp-token")
p.add_argument("--account", default="ACbench")
p.add_argument("--public-url", default="https://bench.example.test")
p.add_argument("--count", type=int, default=300000)
p.add_argument("--run", default=os.urandom(4).hex(), help="makes MessageSids unique across runs")
p.add_argument("--customers", type=int, default=5000)
a = p.parse_args()

url = a.public_url.rstrip("/") + "/webhooks/whatsapp"
out = sys.stdout
bodies = ["How do I reset my password?", "Where can I export my data to CSV?",
          "The *mobile app* crashes when I open settings", "Can I add two-factor auth for my team?"]
for i in range(a.count):
    phone = "+1415%07d" % (i % a.customers)
    params = [("MessageSid", "SM%s%024x" % (a.run, i)), ("AccountSid", a.account),
              ("From", "whatsapp:" + phone), ("To", "whatsapp:+14155238886"),
              ("Body", bodies[i % len(bodies)]), ("NumMedia", "0"), ("ProfileName", "Bench %d" % (i % a.customers)),
              ("WaId", phone[1:]), ("SmsStatus", "received"), ("ApiVersion", "2010-04-01")]
    data = url + "".join(k + v for k, v in sorted(params))
    sig = base64.b64encode(hmac.new(a.token.encode(), data.encode(), hashlib.sha1).digest()).decode()
    out.write(sig + "\t" + urllib.parse.urlencode(params) + "\n")
