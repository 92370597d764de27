-- wrk script: web-form submissions from distinct customers against a running `fte serve`.
-- wrk -t2 -c64 -d20s -s bench/submit.lua http://127.0.0.1:8080/support/submit
local counter = 0
local thread_id = 0
function setup(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
end
request = function()
  counter = counter + 1
  local body = string.format(
    '{"name":"Bench User","email":"bench-%d-%d@example.com","subject":"Password",' ..
    '"category":"technical","priority":"low","message":"How do I reset my password? I forgot it."}',
    tid or 0, counter)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
