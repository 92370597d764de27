#!/usr/bin/env python3
"""Writes the intent corpus (data/intents/train.txt and heldout.txt) from the templates below.

Every template is a customer message as people write them, with {slots}; each is expanded a few
times with random slot values, greetings, sign-offs, Unicode punctuation (’ — … NBSP), casing and
typos. The held-out split is chosen per TEMPLATE (hash of its text), so held-out messages are
wordings the model never saw in training, not re-fillings of a seen template.
Company-agnostic: no product names; slots are generic SaaS features and plans.
validation.txt is a further one template in five of the rest: the build picks each class's
probability threshold on it (never on heldout.txt), and training does not read it.
Deterministic (fixed seed): run `python3 data/intents/generate.py` and commit both files.
"""
import hashlib
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(14)

SLOTS = {
    "feature": ["the dashboard", "reports", "the mobile app", "the API", "exports", "notifications",
                "the calendar view", "automations", "the timeline", "file uploads", "the search",
                "webhooks", "the inbox", "templates", "the analytics tab", "SSO", "the import tool",
                "custom fields", "the desktop app", "two-factor login", "the integrations page",
                "recurring tasks", "the Slack integration", "guest access", "the audit log"],
    "plan": ["the Pro plan", "the business tier", "the Team plan", "Enterprise", "the starter plan",
             "the premium tier", "the Growth plan", "the Plus plan", "the annual plan", "the basic tier"],
    "n": ["5", "8", "12", "15", "20", "25", "40", "60", "100", "250"],
    "days": ["3", "4", "5", "6", "10", "two", "three", "four", "five"],
    "amount": ["$49", "$120", "€89", "£30", "$19.99", "$240", "€1,200", "$600", "$75", "£199"],
    "month": ["January", "March", "May", "last month", "this month", "October", "June", "the 3rd"],
    "person": ["Sam", "Alex", "Maria", "Jordan", "Priya", "Chen", "Lena", "Tom", "Fatima", "Diego"],
    "role": ["our CTO", "my manager", "our finance team", "the board", "our ops lead", "my boss"],
    "thing": ["projects", "tasks", "boards", "contacts", "tickets", "documents", "workflows", "records"],
    "region": ["EU", "US", "UK", "Canada", "Australia", "Germany", "Brazil"],
}

GREET = ["", "", "", "Hi,", "Hello,", "Hi team,", "Hey", "Hello there,", "Good morning,", "Hi support,",
         "Dear support team,", "hey guys", "Hi there —", "Good afternoon,"]
CONTEXT = ["We're a team of {n} using you for client work.", "Quick question from {role}.",
           "We've been customers for two years.", "I'm the admin for our workspace.",
           "Following up on my email from {month}.", "We're in the {region}.",
           "I'm on {plan}.", "Context: we use {feature} every day.", "Sorry if this was asked before."]
SIGN = ["", "", "", "Thanks.", "Thanks!", "thx", "Regards, {person}", "Best, {person}", "Cheers",
        "Thank you", "— {person}", "Sent from my phone", "Kind regards"]

def fill(t):
    out = t
    for _ in range(4):
        if "{" not in out:
            break
        for k, v in SLOTS.items():
            key = "{" + k + "}"
            while key in out:
                out = out.replace(key, rng.choice(v), 1)
    return out

def typo(s):
    ws = s.split(" ")
    cand = [i for i, w in enumerate(ws) if len(w) > 4 and w.isalpha()]
    if not cand:
        return s
    i = rng.choice(cand)
    w = ws[i]
    k = rng.randrange(1, len(w) - 1)
    op = rng.randrange(3)
    if op == 0:
        w = w[:k] + w[k + 1:]
    elif op == 1:
        w = w[:k] + w[k + 1] + w[k] + w[k + 2:]
    else:
        w = w[:k] + w[k] + w[k:]
    ws[i] = w
    return " ".join(ws)

def unicode_variant(s):
    r = rng.random()
    if r < 0.35:
        s = s.replace("'", "\u2019")
    if rng.random() < 0.25:
        s = s.replace("...", "\u2026")
    if rng.random() < 0.25:
        s = s.replace(" - ", " \u2014 ").replace(" -- ", "\u2014")
    if rng.random() < 0.1:
        s = s.replace('"', "\u201c", 1).replace('"', "\u201d", 1)
    if rng.random() < 0.05:
        s = s.replace(" ", "\u00a0", 1)
    return s

def variant(t, multilingual=False):
    s = fill(t)
    if not multilingual:
        g = rng.choice(GREET)
        e = fill(rng.choice(SIGN))
        ctx = fill(rng.choice(CONTEXT)) if rng.random() < 0.25 else ""
        if ctx and rng.random() < 0.5:
            s, ctx = ctx + " " + s, ""
        s = " ".join(x for x in [g, s, ctx, e] if x)
    c = rng.random()
    if c < 0.2:
        s = s.lower()
    elif c < 0.23:
        s = s.upper()
    if rng.random() < 0.2:
        s = typo(s)
    if rng.random() < 0.15:
        s = s.rstrip(".!?")
    return unicode_variant(s)

# ---------------------------------------------------------------------------------------------
T = {}

T["pricing"] = """What does it run per month for a team our size ({n})?
Need numbers for budgeting: {plan}, {n} people, annual.
How much are we looking at for {n} seats?
What are the rates for {plan}?
Is {plan} worth it price-wise compared to {plan}? What's the difference in cost?
Could you share a price list?
Do you offer any promotions right now?
How much is the setup fee?
What's the cheapest option for {n} users?
Can we negotiate the renewal price?
How much is {plan} for {n} users?
What's the price per seat on {plan}?
what would we pay for {n} seats billed yearly
Any deal if we commit for two years?
Do you offer a discount for nonprofits?
Is there an education discount for universities?
What's the fee for adding extra storage?
Can you send me a quote for {n} licences?
We need a formal quote for procurement, {n} users on {plan}.
How much does it cost to upgrade to {plan}?
What do you charge for {plan} if we pay annually?
Is {plan} cheaper if we pay upfront for the year?
Can we get a better rate than the list price? We're a startup.
What's the monthly cost for a team of {n}?
Are there volume discounts above {n} seats?
Could you tell me what Enterprise costs? The website just says contact us.
do you have a promo code or coupon for new customers
Is there a student price?
How much extra is the API add-on?
What would {n} more seats add to our bill?
We're comparing tools, what's your pricing for {n} people?
Give me the price for {plan}, monthly vs annual.
Is there a cheaper plan with just {feature}?
If we switch to annual billing how much do we save?
Can you match a competitor's offer? They quoted us {amount} a month.
Do you have special pricing for charities or open-source projects?
What's the per-user rate after the first {n} users?
Is there any way to get a lower price for {n} seats?
How much would it be to add {n} guest users?
Quick q: what's the cost of {plan} in {region} currency?
Our budget is {amount}/month, which plan can we afford and at what price?
Can I get {plan} at a discounted rate for the first year?
Any Black Friday deal this year?
what's the going rate for the premium support add-on
Please quote us for {n} users on a 3-year contract.
What does the upgrade cost if we're mid-cycle? Is it prorated and how much?
How much do you charge per additional workspace?
Is there a multi-year discount?
Would you give us a reduced price if we sign today?
Need pricing for {n} users asap, our procurement meets Friday.
What is the fee for overage if we exceed the limit on {thing}?
How much would it cost us to move from {plan} to {plan}?
Ballpark figure for {n} users on Enterprise?
Can you do a custom price for a small team of {n}?""".splitlines()

T["billing_dispute"] = """There's an extra {amount} on this month's invoice I can't explain.
We got invoiced for a plan we never picked.
The renewal charged full price, the discount disappeared.
I think we've been overbilled since {month}.
You took payment twice for order {n}.
Please credit our account for the seats billed by mistake.
This charge is not ours, we cancelled in {month}.
Can you undo the upgrade charge? It was an accident.
I was charged twice this month.
I see two charges of {amount} on my card for the same invoice.
We were billed for {n} seats but we only have {n} users.
You charged me after I cancelled, I want that reversed.
Please refund my last payment, I didn't mean to renew.
I want my money back for the annual plan, we stopped using it after a week.
The invoice shows seats we don't have.
Why was I charged more than my plan? The invoice says {amount}.
Reverse that payment please, it was taken without my consent.
I want the difference back, you overcharged us in {month}.
I'm going to dispute this charge with my bank.
I'll file a chargeback if this isn't fixed.
Can I get a refund for the unused months?
You billed us {amount} instead of {amount}.
My card was charged even though my trial should have ended without a charge.
There's a charge on our statement we don't recognise from you, {amount} on {month}.
We downgraded but were still charged the old price.
The renewal went through at the wrong amount, please credit the difference.
Auto-renew charged us for a year we never agreed to, please refund.
I need a refund, the product didn't do what the sales rep promised.
Double charge again this month, fix it and give the money back.
We paid the invoice twice by mistake, can you return one payment?
I was billed for {plan} but I'm on {plan}.
Please reimburse the {amount} we were overcharged.
Your system charged my personal card instead of the company card, I need it refunded.
Cancel and refund the charge from {month} please.
Why is my bill {amount} higher than last month when nothing changed?
The credit you promised last time never appeared on the invoice.
I was charged VAT even though we gave you our VAT number, I want that back.
The pro-rata charge makes no sense, we're being billed for users who were removed.
Money was taken from my account after I deleted my workspace.
Please stop charging me and return the last two payments.
We have been invoiced for {n} seats for months but only use {n}. We expect a credit.
I didn't authorise this upgrade charge.
Give me a full refund, this has been useless for us.
The charge of {amount} is wrong, we were promised a discount on the renewal.""".splitlines()

T["legal_threat"] = """I'm going to report this to consumer protection.
We'll have our legal people look at the contract terms.
This violates our agreement and we'll act on it.
I'll be taking this up with the small claims court.
Consider this formal notice.
You're in breach of the DPA we signed, our lawyers will follow up.
We'll be contacting our lawyers on Monday.
This will end up in front of a judge.
I'm filing a formal complaint with the regulator about this.
This may be a GDPR violation and we will report it to the authority.
Our legal counsel has been copied on this email.
We're prepared to take this further legally.
Our counsel will be in touch about this.
I've forwarded this to our solicitor.
If this isn't resolved we will take legal action.
We're filing a complaint with the regulator.
Expect to hear from our attorneys.
I'm going to sue you for the data we lost.
This is a breach of contract and our lawyers are reviewing it.
Expect to hear about this from a small claims judge.
This is going to arbitration if you don't refund us.
I'm reporting you to the consumer protection agency.
Our legal department is preparing a formal notice.
We reserve all our legal rights regarding this outage.
I've already spoken to a lawyer about your billing practices.
Consider this a formal letter before action.
We'll be filing a complaint with the data protection authority.
Fix it or we'll see you in court.
You're violating the SLA in our contract and we'll claim damages.
This has gone to our legal team, they will contact you about compensation.
I will report this to the FTC and my state attorney general.
Cease and desist from charging my card or I'll start proceedings.
Our lawyer says this is unlawful, respond within 7 days.
We're considering a class action with other affected customers.
I'm contacting the ombudsman about this.
My solicitor has advised me to start a claim against your company.
This is fraud and I'm taking it to the authorities.
We intend to seek damages for the downtime.
Please treat this as notice of a formal dispute under our agreement.
You will be hearing from our legal counsel regarding the breach.
I've lodged a complaint with the ICO about how you handled my data.
If my data isn't deleted I'll go to the regulator and a lawyer.""".splitlines()

T["human_requested"] = """Can you get a support person to look at this instead of the bot?
I'd like to chat with a member of staff.
Please ask a real engineer to call me.
Can I get someone on the phone?
Any chance of talking to support live?
Can a human reply to this ticket?
I'd rather talk this through with someone.
Can I speak to a human please?
Put me through to your team.
I want someone from your company to call me.
Not a bot. A real person, please.
Is there a person I can talk to?
Please have a support engineer contact me directly.
I'd like to talk to somebody on the phone about this.
Transfer me to an agent.
Can someone from support call me back at {n}:00?
Stop sending automated replies, I need an actual person.
I need to talk with a manager.
Let me speak to your supervisor.
Get me a human.
Can a member of your team get on a call with us?
I'd prefer to discuss this with a person rather than a chatbot.
Escalate this to a real support rep please.
Who can I call about this? I want to speak with someone.
Please connect me with customer service.
I want a live chat with a person, not these canned answers.
Could an actual human look at my ticket?
Can you book me a call with someone from your support team?
Is anyone there? I need a person to help me.
Please pass this to a senior engineer, I want to talk to them.
I'd like a callback from your team today.
Hand this over to a colleague who can actually help.
Talk to person
I need a phone number to reach a human.""".splitlines()

T["security_incident"] = """Someone accessed our workspace who shouldn't have, we need to know what they saw.
We think an attacker got in through a guest account.
There was a login to my account I didn't make, from a new device.
A link to our private board is circulating publicly and people we don't know are opening it.
My account sent messages I never wrote.
Our integration key was stolen with a laptop, please kill it.
I think someone else is using my login.
There's a session from a browser I never used.
Our token was committed to GitHub by accident.
A former contractor still has admin rights and logged in yesterday.
We noticed data exported by an account we don't recognise.
My email was changed on the account and I didn't do it.
Someone logged into my account from another country.
A sign-in warning arrived about hardware that is not mine.
I think my account was hacked, my password was changed.
Our API key was posted in a public repo, please help us revoke it.
An ex-employee can still see all our {thing}.
Permissions are leaking: guests can see private {thing}.
There's a login from {region} at 3am that wasn't me.
Somebody is sending emails from our account.
I see sessions in the security log I can't explain.
A user without access could open another team's {thing}.
We found our data exposed through a public share link we never created.
My 2FA was disabled and I didn't do it.
Our admin account was taken over, we're locked out.
We received a phishing email that looks like it came from you with our account details.
Private {thing} are visible to people outside our workspace.
Someone changed the billing email on our account without permission.
Suspicious activity: {n} files were downloaded overnight by an unknown user.
I clicked a link and now my account is doing things I didn't do.
Our access token leaked in a screenshot, what do we do?
Is there a breach? We got notified our credentials were in a dump.
Someone added an admin to our workspace we don't know.
I can see another company's data in my account.
The API returned records that belong to a different customer.
Password reset emails keep arriving that I didn't request, and one login succeeded.
Unknown IP addresses are using our integration token.
Someone is logged in as me right now and I can't kick them out.
There are {thing} in our account that none of us created.
Our former employee's account is still active and was used today.
Our secret key ended up on a public paste site.
I got a code by text I never asked for, then my password stopped working.
A stranger accepted an invite none of us sent.
The audit log shows deletions at night from an account nobody owns.
Our account was used to send spam to our clients.
A contractor who left still gets our notifications and can open files.
Two-factor codes are arriving that I didn't trigger.
I believe our workspace has been breached.
Somebody I don't know reset my password and read our private {thing}.
Our shared link exposes customer data to anyone who has it.
There's an admin I didn't add and I can't remove them.
A bot is hammering our sign-in page and one account got in.
We see API calls from a server that isn't ours.
Confidential {thing} were downloaded by someone outside the company.
My recovery email was switched to an address I don't own.
Somebody impersonated me and changed the payout details.
Our webhook secret was exposed in a client-side script.
We suspect credential stuffing, several users report strange sign-ins.
My colleague's account posted things she didn't write.
Access logs show a sign-in from a country none of us has been to.
Someone has our password, what do we do first?
Permissions changed overnight and guests now see everything.
Our single sign-on was bypassed and a user without an identity account got in.
We think an intruder is inside our workspace right now.
I see my {thing} being edited live by an account I don't know.
An email pretending to be your team asked for my password and I gave it.
Our account is acting on its own, settings change by themselves.""".splitlines()

T["privacy_request"] = """Delete everything you have about me.
What personal information do you keep on our users and for how long?
I'm an EU resident and want my data erased.
Send me an export of all my personal data.
Please delete all my personal data under GDPR.
I'm requesting a copy of all the data you hold about me.
This is a data subject access request.
Under CCPA I want to know what personal information you sold or shared.
Erase my account and everything linked to my email address.
I withdraw my consent for processing my data, please confirm deletion.
Right to be forgotten request for my account.
What personal data do you store about me, and where?
Please remove my contact details from all your systems.
Send me everything you have on me in a portable format.
I want my data deleted, including backups.
Do not sell my personal information.
A former employee asked us to delete their personal data from your platform, how do we do that formally?
Please confirm in writing that my data has been erased.
I'd like to exercise my right of access under the GDPR.
I object to you processing my data for marketing.
Stop processing my personal data immediately.
Who is your data protection officer? I have a request about my data.
Correct the personal information you have about me, it's wrong.
We need a signed DPA before we can continue using the service.""".splitlines()

T["outage"] = """Nothing is loading for anyone here since 9am.
All our integrations are failing at once, is something down on your end?
Our entire team is locked out right now.
Is there an ongoing incident? Everything errors out.
The service went down during our launch.
Everything is down for our whole team.
The app has been unreachable for {n} hours, this is an outage.
None of our users can log in, is there an incident?
Your service is down again, we're losing money every minute.
The API is returning 500 errors for every request since this morning.
Production is broken for all our customers.
You've missed your uptime SLA three times this month.
Is there a status page? Nothing loads for anyone in our company.
Sync stopped for everyone on our account {n} hours ago.
The site has been down since {n} am, when will it be back?
We're paying for 99.9% uptime and we've had {days} outages this week.
Our whole organisation is blocked, nothing works.
All webhooks stopped firing across every workspace.
Complete outage on our side, can't access anything.
The service was down for most of yesterday, we want SLA credits.
Every page times out for all our users.""".splitlines()

T["churn_risk"] = """Honestly we're not sure this tool is right for us anymore.
We'll have to reconsider our subscription if nothing changes.
I've been asked to justify the cost of keeping you, and I can't.
Our team wants to go back to spreadsheets, this isn't working.
We're not going to extend the contract.
If I can't get this working this week we're cancelling.
Tell me why I shouldn't switch to one of your competitors.
We're seriously considering other options.
We're reviewing whether to keep paying for this.
Unless this improves we're out at renewal.
Other tools do this better, we may leave.
I'm recommending we drop your product.
We're thinking about cancelling and moving to another tool.
If this isn't fixed by Friday we'll switch providers.
Honestly considering leaving for a competitor.
We won't be renewing unless this changes.
Please cancel our subscription, we're done.
This is the last straw, we're moving away from you.
Our contract ends next month and we're evaluating alternatives.
I'm about to cancel my account.
We've started migrating to another platform.
Give me one reason not to cancel.
How do I close my account permanently? We're leaving.
Management asked me to find a replacement for your product.
We're downgrading to free and probably leaving after that.
Keep this up and you'll lose us as a customer.
We're weighing whether to stay past this quarter.
Our renewal is up and frankly the answer right now is no.
Finance flagged your subscription as the first thing to cut.
I've got a demo with another vendor on Thursday.
My team keeps asking me why we still pay for this.
We'll be taking our business elsewhere.
Not sure we'll still be customers by {month}.
If {feature} stays broken, we walk.
We've outgrown you, time to look around.
The trial of the other product went well, so we're likely moving.
Consider this notice that we plan to leave at the end of the term.
We're shopping around for something more reliable.
Our patience has run out, we're looking at alternatives.
Please stop the auto-renewal, we won't continue.
{role} has approved budget for a different tool.
Convince me to stay, because right now I'm leaving.
We're done paying for something that doesn't work.
I'm exporting everything so we can move off your platform.
We will not be continuing after the current billing period.
At this point it's cheaper for us to build our own.
This is our final month with you unless something changes.
We signed with someone else, how do we wind things down?
Our {n} seats will be gone at renewal.
We no longer see the value, we're pulling the plug.
I'm done, looking for something else.
Your product has become a liability for us and we're leaving.
Before we cancel for good, how do I get our data out?
The team voted to move to a different app next month.
We're phasing you out over the next few weeks.
Why would we renew after the year we've had?
Seriously thinking about taking our {n} users somewhere else.
Keep me posted, but we're already trialling a replacement.
We will terminate the subscription at the end of {month}.""".splitlines()

# Routine questions and hard negatives (trigger words used innocently).
T["none"] = """I can't log in after resetting my password, the link says expired.
How do I set up SSO with Okta?
SAML login fails with "invalid audience", what should the entity ID be?
How do I enforce two-factor authentication for everyone in the workspace?
I lost my phone with the authenticator app, how do I get back in?
My 2FA codes are rejected, is the clock on my phone the problem?
How do I create an API key for our CI pipeline?
Our API key returns 401 unauthorized, did it expire?
Where do I regenerate a token for the integration?
How do I give a contractor access to only one project?
A teammate can't see the board I shared, what permission does she need?
How do I remove a former employee's access?
How do I change someone's role from admin to member?
Is there an IP allowlist setting?
Can we require SSO for guests too?
Login keeps looping back to the sign-in page in Firefox.
How long do sessions stay logged in?
How do I see who has admin rights?
Can I restrict who can export data?
Is data encrypted at rest? Our security review asks.
Where do I find your security whitepaper?
How do I turn on login notifications?
The password rules are too strict for our users, can we change them?
We're moving to a new identity provider, how do we switch SSO without locking people out?
What's the difference between a personal access token and an OAuth app?
Webhook signature verification fails, which secret do I use?
How do I update the payment method before the next renewal?
Where do I see when my next invoice is due?
Can I get invoices sent to our accounts payable email?
How do I add our PO number to invoices?
How do I change the plan from monthly to yearly?
How do I remove seats we don't need anymore?
What happens if a payment fails, do we lose access?
Can I download all past invoices at once?
The invoice PDF doesn't open, can you resend it?
How do I downgrade to the free plan?
How are seats counted, do guests count?
Our card expired, where do I update it?
The light on the device keeps blinking orange, what does that mean?
My sensor stopped reporting after the battery change.
How do I pair a new device with the hub?
The video keeps buffering on my TV app.
The printer integration skips pages.
Can the widget show temperatures in Fahrenheit?
Battery drains quickly when the app runs in the background.
The scanner app saves files as JPG, can it do PDF?
Does it work with voice assistants?
Wi-Fi keeps dropping on the device, how do I reconnect it?
The map doesn't load in the field app.
My watch doesn't sync steps to the app.
How do I reset the device to factory settings?
Can I change the units from metric to imperial?
The camera feed is delayed by a few seconds.
How do I schedule a post for next Monday?
My playlist won't shuffle.
The booking page shows the wrong time slots.
Can customers pay a deposit when they book?
How do I add a second location to my store?
The barcode scanner reads the wrong item.
How do I print shipping labels?
Where can I change the currency shown to my customers?
How do I set opening hours for holidays?
The chart colours are hard to read, can I change them?
Our students can't see the new lesson, what did I miss?
How do I grade assignments in bulk?
Where do I upload a new logo?
Text in the editor jumps when I type fast.
How do I connect my domain?
My email campaign shows 0 opens, is tracking on?
How do I add alt text to images?
The form doesn't send confirmation emails to respondents.
How do I translate the help widget?
Can I limit how many people sign up for an event?
I'd like to move my account to my new work email.
Where can I see which plan we're on? Not asking for prices, just the name.
The automation runs twice for each new record.
Our dashboard numbers don't match the export.
How often does the data refresh?
How do I export {thing} to CSV?
Where is the pricing page? I can't find the link in the footer.
Our legal team needs SSO before rollout, how do I enable SAML?
Can we attach court filings as attachments? They're large PDFs.
Is the CSM a real person or an automated assistant?
How do I turn off the promo banner at the top of {feature}?
We don't recognise this error code: E{n}. What does it mean?
What do I need to do to set up {feature}?
Can I change the colour of {feature}?
How do I invite {n} teammates?
Where do I find the API documentation?
What are the steps for a password reset?
Can I use {feature} on Android?
Is there a keyboard shortcut for creating {thing}?
How do I connect {feature} to our calendar?
Why does {feature} show an old version of my {thing}?
How can I archive old {thing}?
Does {feature} support dark mode?
How do I add a custom field to {thing}?
My export is stuck at 90%, any idea?
I can't upload files bigger than {n} MB, is that a limit?
How do I change the owner of a project?
How do I enable two-factor authentication?
Where can I download our invoices?
How do I update the credit card on file?
Where can the billing address printed on invoices be edited?
Can I switch from monthly to annual billing myself?
How do I add a human-readable name to a webhook?
Our lawyer is a new user, how do I give her view-only access?
We're a law firm, can we tag {thing} by case number?
How do I add a refund policy page to our customer portal template?
Can our agents see the customer history in {feature}?
Is there an agent view for our support staff?
How do I move {thing} between workspaces?
The pricing table widget in our embed doesn't render, how do I fix the CSS?
How do I set a discount field on our own quote template in {feature}?
What's the maximum number of {thing} per board?
Does the API have rate limits?
Can I schedule reports to be emailed weekly?
How do I restore a deleted {thing} from the trash?
How do I log out of all devices?
How do I change the language to Spanish?
Can guests comment without an account?
We want to train our team, do you have video tutorials?
Can {thing} be edited in bulk?
How do I filter {thing} by assignee?
How do I set up a recurring reminder?
Our security team wants to know where SSO settings are.
How do I rotate an API key?
Where do I see the login history for my account?
How do I set permissions so guests only see one project?
Can I delete a test workspace I created?
How do I cancel a scheduled export?
How do I cancel an invitation I sent by mistake?
Our compliance officer asked for a list of sub-processors, is it on your site?
Is the status page public? I want to subscribe to updates.
How do I charge my clients through the invoicing feature?
How do I track time against {thing}?
Thanks, that fixed it!
Great, the import worked. Appreciate the help.
The new {feature} is lovely, nice work.
Can you explain how the free trial works?
What happens to my data when the trial ends?
How do I get a copy of my receipt for {month}?
Can I pay by bank transfer?
Where do I update our VAT number?
How do I add a second admin?
Can I merge two accounts?
My notifications are delayed by a few minutes, is that normal?
The mobile app crashes when I open {feature}, how can I fix it?
I'd like to suggest a feature: bulk archive.
Do you have an integration with Zapier?
How many seats are on our current plan? Where do I see that?
Is there an option to hide completed {thing}?
How do I contact sales? Just want the email.
Is there a person icon I can click to see who's assigned?
The agent field on tickets is empty after import, how do I map it?
I need help understanding the human resources template.
Can I set {feature} to send a weekly digest?
Where is the refund button in the invoicing module for our own customers?
We sell to lawyers; can we rename the client field to matter?
How do I print {thing}?
Is there an offline mode for {feature}?
I can't find the settings for {feature}.
The search doesn't find {thing} with accents, how do I fix that?
How do I make a board private?
Can I duplicate a template?
How do I set up a webhook for new {thing}?
The export button is greyed out for me, why?
Sync with Google Calendar stopped working on my laptop only, other people are fine.
I get "permission denied" when I open a shared board, how do I request access?
Can I change the time zone for my account?
How do I remove a user who left the company?
We're onboarding {n} new hires next week, what's the fastest way to add them?
Does the free plan include {feature}?
What's included in {plan}? Just the features, I know where to see the price.
What's the maximum number of {thing} allowed on {plan}?
How long do you keep deleted {thing} in the trash?
Can I get notified when someone mentions me?
How do I embed a board on our intranet?
What file formats can I import from?
Where's the setting to change email notifications frequency?
My teammate can't see the {thing} I shared with her.
Is there an API endpoint for creating {thing}?
How do I revoke a guest's access?
How do I change my display name?
Can I recover an old version of a document?
What browsers do you support?
How do I pay an invoice with a different card this one time?
Can you explain the difference between admins and members?
Is the data stored in the {region}? Our IT asked.
Do you support SCIM provisioning?
How do I turn on the audit log?
We'd like to run a pilot with {n} users first, how do we set up the workspace?
The page was slow for a minute this morning but it's fine now, just FYI.
Small bug: the date picker shows the wrong week start.
Login with Google gives an error on Safari, works on Chrome.
I think I found a typo in your help article about {feature}.
How do I cancel my own meeting invite in the calendar view?
Can I change the plan name shown on my invoice to our legal entity name?
Where do I put our company's legal address for invoices?
How do I stop a recurring task from repeating?
Is there a human-friendly way to read the JSON export?
Our support agents want canned replies, is that a feature?
How do we handle a customer asking us for a refund in the invoicing tool?
Can I give my accountant access to billing only?
The discount column in our sales pipeline isn't summing, how do I fix the formula?
How do I show prices in our product catalog template with two decimals?
I want to talk about integrations: which ones do you have for accounting software?
Can someone on my team be made an admin? How do I do that myself?
I'd like to speak at your user conference, who do I contact?
Can a contact be flagged "do not call" in the CRM view?
The court date field in our custom template doesn't accept times.
Our solicitor firm client wants read-only access, how do I share a board with them?
What's your uptime been this year? Our IT team asks for vendor reviews.
Do you have an SLA document I can read for our vendor assessment?
How do I close a project when it's finished?
How can I cancel a single occurrence of a recurring task?
We moved offices, how do I update our address?
The app logs me out every day, can I stay signed in longer?
Can I change the default view to the calendar?
My colleague left, how do I reassign her {thing}?
How do I delete a tag?
Where do I find the changelog?
I'm new here, where should I start?
How do I report a bug?
Is there a Linux app?
Thanks, that worked!
Perfect, thank you so much.
Got it, thanks for the quick reply.
All good now, you can close this.
Never mind, I found it.
Ok cool
Hello?
Just checking you received my message about {feature}.
Have a nice weekend!
Can you recommend a good book on project management?
What's the weather like today?
Do you support time travel?
Who won the game last night?
Is this the right place to ask about {feature}?
What are your support hours?
Do you have an office in the {region}?
Are you hiring?
I love the product, keep it up!
Quick feedback: the new icons look great.
It would be nice if {feature} had a dark theme.
Feature request: let us pin {thing}.
Bug: {feature} shows the wrong date after I edit {thing}.
When I click save in {feature} nothing happens, tried two browsers.
The export file has broken characters in names with accents.
Sync is slow for me today, is it just me?
I keep getting logged out on my phone, how do I fix that?
The reminder emails go to spam, what should I whitelist?
Images in {thing} don't load on mobile.
Search returns nothing for {thing} I created today.
I can't drag {thing} between columns anymore.
Got an error "something went wrong" when uploading a file, what should I try?
How do I see what changed in a {thing} last week?
Is there a way to undo a bulk change?
How do I set working days for my team?
Where do I see my account ID?
How do I verify my email address? The link expired.
I never received the invite email, can you resend?
Can I use the same email for two workspaces?
How do I turn off sounds in the desktop app?
Test message, please ignore.
What does the green dot next to a name mean?
Is there a size limit for attachments?
My password reset link isn't arriving, where does it come from?
How do I leave a workspace I was invited to?""".splitlines()

# Routine problems that share words with security incidents, billing disputes and outages (API
# errors, lockouts, expired sessions, missing invoices): the confusable hard negatives.
T["none_confusable"] = """My invite link expired before my colleague could use it.
The admin panel says access denied for my own account after the role change, how do I fix it?
We rotated the API key and now the old integration fails, where do we paste the new one?
Audit log shows a login from our office VPN, is that normal?
How do I make a board public so clients can view it?
Can I see who viewed a shared document?
Where is the list of active sessions so I can sign out old devices?
The payment page declines our card, what cards do you accept?
We were charged in EUR but we're in the US, can the billing currency be switched?
Can you explain the line items on our invoice?
Why does the invoice show a different company name? We changed it last month.
Down for a second this morning but fine now, just letting you know.
Is there maintenance planned this weekend?
How do I export everything before our trial ends?
How do I cancel my trial? We don't need it yet.
We're a law firm evaluating the product, does it support matter numbers?
Our legal department wants a copy of your terms of service.
Can I get a copy of the DPA to review? Just the document.
Is a human reviewing the AI summaries, or is it automatic?
How do I assign tickets to a person on my team?
I'm locked out after too many password attempts, how long until I can retry?
Getting 403 Forbidden from the API, which scope does the key need?
API returns 401 even with a fresh key, what header format do you expect?
We hit 429 Too Many Requests, what are the rate limits?
My session expires every few minutes, is there a setting for that?
It says my session expired right after I logged in.
I can't log in, it keeps saying invalid password but I reset it.
The login page just spins and never loads for me.
Our integration token stopped working after I changed my password, do I need a new one?
The API key I created doesn't show up in the list.
I forgot which email I used to sign up.
Two-factor code never arrives by SMS.
Which permissions does a bot user need to read {thing} via the API?
We want to pull {thing} via the API into an internal app, is there an endpoint?
We haven't received this month's invoice yet, can you resend it?
Our invoices are in USD but we need them in another currency for accounting.
Can the invoice show our company's tax ID?
Billing question: when does the annual plan renew?
The app shows an error page when I open settings, everything else works.
The API is slow for large exports, any tips?
Error 500 when I upload a CSV with 10k rows.
Can I see failed login attempts for my own account?
How do I reset a user's password as an admin?
Our admin left the company, how do we get admin rights back?""".splitlines()

# Everyday support problems written the way customers write them, calm or hurried, with the words
# the hard-rule classes also use (locked, unauthorized, charge, down, urgent, cancel the export...).
# Generic software support, any product: login and sessions, API errors, sync, invoices, plan
# how-tos, export, integrations, notifications, performance, "urgent" bugs. Decided by tone and
# context, not by one word: all routine ("none").
T["none_support"] = """I mistyped my password a few times and now the account is locked, how long do I wait?
After several failed sign-in attempts it says try later, can you unlock it sooner?
We removed a teammate by mistake, can we add them back with their work intact?
An admin deleted a user by accident, how do we give them their access back?
A colleague lost access when we changed roles, how do we restore it?
My session keeps ending and I have to sign in again every hour.
I forgot which email address I signed up with and can't get in.
The account is temporarily blocked after wrong passwords, what now?
My account says it is locked and I'm sure my password is right, what do I do?
locked out again after the password change, how do i unlock it
It keeps telling me my account is temporarily locked. How long does that last?
urgent: can't sign in this morning, it says the credentials are wrong but they worked yesterday
The sign in button does nothing on {feature}, is there a known fix?
After I enter my password it sends me straight back to the login screen, tried two browsers.
My session times out while I'm typing, can an admin make it longer?
Why do I have to log in again every morning?
The password reset email never shows up, I checked spam too.
Reset link says it has already been used, but I only clicked it once.
SSO redirect gives an error page after the identity provider step, what should I check in the config?
our calls to the api return 401 unauthorized, did we format the bearer token wrong?
The API answers 403 forbidden on one endpoint only, the others work with the same key.
getting 403s when the bot user tries to update {thing}, which permission is missing?
We get a 500 internal server error when we create {thing} through the API with a long description.
The API returns 404 for {thing} I can see in the app, is the ID format different?
Which API scopes do I need to read and write {thing}?
Webhooks arrive twice for the same event, should we de-duplicate on our side?
The integration with our calendar stopped syncing, reconnecting didn't help.
Two-way sync only goes one way for us, changes in the app don't reach the other tool.
The import finished but half of the {thing} are missing, is there a row limit?
Imported CSV shows weird characters instead of accents, which encoding should I use?
The Slack notifications stopped after we renamed the channel.
I get every notification twice by email, how do I turn the duplicates off?
How do I stop the daily digest emails for my whole team?
Mobile push notifications don't come through on Android.
{feature} takes 20 seconds to load since this week, anything on your side?
The board with {n} hundred {thing} is really slow to scroll, any tips?
The desktop app freezes when I open a large project, is there a log I can send?
The page is blank after the last update, clearing the cache didn't fix it.
{feature} shows an error whenever I open it, the rest of the app is fine. Screenshot attached.
This is urgent for us: {feature} stopped saving changes, we have a deadline tomorrow. Any workaround?
Quite urgent, the report export is empty since yesterday and my manager needs it today.
Bug: dates show one day off in {feature} for people in another time zone.
The search doesn't find {thing} created today, is there an indexing delay?
A recurring task got created three times today, looks like a bug.
Automations stopped running overnight, the rule looks unchanged.
Where can I download my invoices? I can't find them in settings.
I need last quarter's invoices as PDFs for our accountant.
Can you send me the invoice for {month}? It didn't arrive.
Why is this month's invoice a bit higher than last month's? We added two people, is that it?
How is proration calculated when we add seats mid-month?
Can I change the billing email so invoices go to finance?
How do I update the credit card on file?
Our card expired, how do I add the new one before the renewal?
The payment failed, how do I retry it?
Does the invoice include VAT? We need it for bookkeeping.
How do I switch from monthly to annual billing in the app?
How do I downgrade to {plan} at the end of the cycle?
How do I move our workspace to {plan}? Where is the setting?
If I remove seats, when does the change take effect?
How do I export all {thing} to CSV?
Can I export a full backup of our workspace?
The export button is greyed out for me, do I need a different role?
How do I connect {feature} to Google Drive?
Is there a Zapier integration, and how do I set it up?
How do I invite a teammate who doesn't have an account yet?
How do I transfer {thing} from someone who left to another member?
Where do I see the login history for my account?
How do I turn on two-factor authentication for my own login?
How do I change the email address on my account?
Password reset when I no longer have access to my old email — possible?
Can an admin reset another member's two-factor login?
The permissions page shows a member as admin but she can't edit, is there a delay?
I can't see the {feature} that my colleague sees, is it a plan thing?
Is {feature} available on {plan}? Where do I turn it on?
How do I cancel the scheduled export? It's running every night and we don't need it.
How do I delete a board I created by mistake?
How do I restore {thing} I deleted yesterday?
The app is acting up, some {thing} won't open. Not a big deal but could you look?
Small bug: the counter on {feature} shows the wrong number.
Is there a status page I can check when things seem slow?
Getting a timeout when uploading files bigger than 50 MB, is that the limit?
The calendar view shows nothing since I changed my time zone.
Can I get read-only access for an auditor? Just need to know the role.
How do I keep a guest from seeing other projects?
Is my data backed up automatically and how often?
We are moving to a new domain, how do we update everyone's login emails?
The mobile app logs me out every time I switch apps.
Keeps saying "token expired" in our script after an hour, how do we refresh it?
Where do I find the request ID to send you for a failed API call?
The CLI tool says "permission denied" when I run it, which key should it use?""".splitlines()

# Other languages for the hard-rule classes (and routine questions in them).
ML = {
    "pricing": """¿Cuánto cuesta el plan para {n} usuarios?
¿Tienen descuento para ONG?
¿Me pueden enviar una cotización para {n} licencias?
Quel est le prix pour {n} utilisateurs ?
Avez-vous une remise pour les associations ?
Pouvez-vous m'envoyer un devis pour {n} licences ?
Was kostet der Tarif für {n} Nutzer?
Gibt es einen Rabatt bei jährlicher Zahlung?
Können Sie mir ein Angebot für {n} Lizenzen schicken?
Quanto custa o plano para {n} usuários?
Vocês têm desconto para pagamento anual?
Pode me enviar um orçamento para {n} licenças?
¿Cuál es el precio por usuario al mes?
Combien coûte l'abonnement annuel ?
Wie hoch ist der Preis pro Nutzer?
Qual é o preço por usuário?""".splitlines(),
    "billing_dispute": """Quiero un reembolso, me cobraron dos veces.
Me cobraron después de cancelar, devuélvanme el dinero.
Je veux être remboursé, vous m'avez débité deux fois.
La facture indique des licences que nous n'avons pas.
Ich möchte eine Rückerstattung, Sie haben doppelt abgebucht.
Die Rechnung ist falsch, wir wurden zu viel belastet.
Quero o reembolso, fui cobrado duas vezes.
Cobraram no meu cartão depois que cancelei, quero meu dinheiro de volta.
Voy a reclamar el cargo con mi banco.
Je vais contester le prélèvement auprès de ma banque.
Ich werde die Abbuchung bei meiner Bank zurückbuchen lassen.
Vou contestar a cobrança com o meu banco.""".splitlines(),
    "legal_threat": """Mi abogado se pondrá en contacto con ustedes.
Vamos a tomar acciones legales.
Voy a presentar una denuncia ante la autoridad de protección de datos.
Mon avocat va vous contacter.
Nous allons engager des poursuites judiciaires.
Je vais porter plainte auprès de la CNIL.
Mein Anwalt wird sich bei Ihnen melden.
Wir werden rechtliche Schritte einleiten.
Ich werde Sie verklagen.
Meu advogado vai entrar em contato.
Vamos entrar com um processo contra vocês.
Vou denunciar vocês ao Procon.""".splitlines(),
    "human_requested": """Quiero hablar con una persona.
¿Puedo hablar con un humano, por favor?
Pásenme con un agente.
Je voudrais parler à un humain.
Puis-je parler à une vraie personne ?
Passez-moi un conseiller, s'il vous plaît.
Ich möchte mit einem Menschen sprechen.
Bitte verbinden Sie mich mit einem Mitarbeiter.
Kann mich jemand anrufen?
Quero falar com um atendente humano.
Posso falar com uma pessoa de verdade?
Me liguem, por favor, quero falar com alguém.""".splitlines(),
    "security_incident": """Alguien entró en mi cuenta, me la hackearon.
Hay un inicio de sesión que no reconozco.
Mon compte a été piraté.
Quelqu'un s'est connecté à mon compte depuis un autre pays.
Mein Konto wurde gehackt.
Jemand hat sich von einem unbekannten Gerät angemeldet.
Minha conta foi invadida.
Alguém acessou minha conta sem permissão.
Nuestra clave de API se filtró.
Notre clé API a fuité publiquement.
Unser API-Schlüssel ist öffentlich geworden.
Nossa chave de API vazou.
Veo accesos desde un país donde no estamos.
Alguien cambió mi contraseña sin mi permiso.
Il y a des connexions suspectes sur notre espace.
Quelqu'un a changé mon mot de passe sans mon accord.
Es gibt verdächtige Anmeldungen in unserem Konto.
Jemand hat mein Passwort ohne mein Wissen geändert.
Há acessos suspeitos na nossa conta.
Alguém mudou minha senha sem minha permissão.""".splitlines(),
    "churn_risk": """Vamos a cancelar y cambiarnos a otra herramienta.
Estamos evaluando otras opciones, no vamos a renovar.
Si esto no se arregla, nos vamos con la competencia.
Nous allons résilier notre abonnement et passer à un concurrent.
Nous ne renouvellerons pas le contrat.
Si rien ne change, nous partons.
Wir werden kündigen und zu einem anderen Anbieter wechseln.
Wir verlängern den Vertrag nicht.
Wenn das so bleibt, sind wir weg.
Vamos cancelar e mudar para outra ferramenta.
Não vamos renovar a assinatura.
Se isso não melhorar, vamos embora.""".splitlines(),
    "privacy_request": """Borren todos mis datos personales según el RGPD.
Quiero una copia de todos los datos que tienen sobre mí.
Supprimez toutes mes données personnelles conformément au RGPD.
Je demande l'accès à mes données personnelles.
Bitte löschen Sie alle meine personenbezogenen Daten gemäß DSGVO.
Ich verlange Auskunft über meine gespeicherten Daten.
Excluam todos os meus dados pessoais conforme a LGPD.
Quero uma cópia de todos os dados que vocês têm sobre mim.""".splitlines(),
    "none": """¿Cómo exporto mis proyectos a CSV?
¿Dónde está la página de precios?
¿Cómo cambio mi contraseña?
Nuestro equipo legal necesita SSO, ¿cómo lo activo?
Comment exporter mes tâches en CSV ?
Où se trouve la page des tarifs ?
Comment inviter un collègue ?
Notre équipe juridique a besoin du SSO, comment l'activer ?
Wie exportiere ich meine Projekte als CSV?
Wo finde ich die Preisseite?
Wie lade ich Kollegen ein?
Unsere Rechtsabteilung braucht SSO, wie aktiviere ich das?
Como exporto meus projetos para CSV?
Onde fica a página de preços?
Como convido um colega?
Nossa equipe jurídica precisa de SSO, como ativo?""".splitlines(),
}

# ---------------------------------------------------------------------------------------------
# Round 3 (branch judge3): requests only the billing team can fulfil, and the hard negatives the
# routine questions around them need (rate limits asked as a bug, one feature failing with "is
# something down?", a member removed by mistake, handing over the owner role, self-serve invoice
# and residency questions). Drawn with their own random stream (EXTRA_SEED) after the templates
# above, so the examples above are the same as before this round, and split by the same hash.
RELABEL = {  # templates above whose class changed: an invoice only the billing team can send
    "We haven't received this month's invoice yet, can you resend it?": "billing_dispute",
    "Our invoices are in USD but we need them in another currency for accounting.": "billing_dispute",
    "Can you send me the invoice for {month}? It didn't arrive.": "billing_dispute",
    "The invoice PDF doesn't open, can you resend it?": "billing_dispute",
}
EXTRA_SEED = 1403
# Invoice actions (a missing, re-issued, corrected or other-currency invoice) are escalated by the
# billing_request phrase rule (src/agent/staff_requests.h). Trained on, they taught the model that
# any question with "invoice" in it is a dispute ("why is this invoice higher?" at 0.99), so they
# are written to the held-out and validation files only: there they measure the rule.
T_EXTRA = {}
T_EXTRA["billing_dispute"] = """Our {month} invoice never showed up in the finance inbox, please send it again.
We need a corrected invoice: the company name on it is wrong.
Could you reissue last quarter's invoices with our new billing address?
Accounts payable says the invoice for {month} is missing. Can you look into it?
Is it possible to get one consolidated invoice for the whole year instead of twelve?
Please regenerate the invoice with our VAT number on it, the tax office rejected it.
We pay in euros, can our invoices be issued in EUR rather than dollars going forward?
I need a credit note for the seats we removed in {month}.
Our auditor wants a single yearly summary of all invoices, can your billing team produce one?
The {month} invoice went to an old address and never reached us, could you resend it to finance?""".splitlines()
ML_EXTRA_BILLING = """No hemos recibido la factura de este mes, ¿pueden reenviarla?
Necesitamos una factura corregida con el nombre correcto de la empresa.
Nous n'avons pas reçu la facture du mois dernier, pouvez-vous la renvoyer ?
Pouvez-vous émettre une facture rectificative avec notre numéro de TVA ?
Wir haben die Rechnung für diesen Monat nicht erhalten, bitte erneut senden.
Bitte schicken Sie uns eine korrigierte Rechnung mit unserer neuen Adresse.
Não recebemos a fatura deste mês, podem reenviar?
Precisamos de uma fatura corrigida com o CNPJ certo.""".splitlines()
INVOICE_ACTIONS = set(T_EXTRA["billing_dispute"]) | set(ML_EXTRA_BILLING)
T_EXTRA["outage"] = """Nobody in our company can open anything, every page errors since {n} am.
All of our users get a 503 on every screen, is your platform down?
Everything stopped working for the whole team at once about an hour ago.
Your whole service seems to be offline for us and for our partners too.
None of us can open the app since 8am, the whole company is affected.
Pages won't load for anybody on our team or at our partner firms.
Everyone in the company gets errors on every page right now.
Since noon the app hasn't loaded for a single person in our org.
All {n} of our users see a blank screen, nobody can work.
Nothing is working for any of our users for the last hour.
The whole platform is failing for everyone here, not just me.
It's not just me: nobody in our {n}-person team can get in since this morning.""".splitlines()
T_EXTRA["none_judge3"] = """Getting 429 Too Many Requests from the API since we added a nightly job. What's the limit?
our script gets throttled after a few hundred calls, is that a bug on your side?
API keeps saying rate limit exceeded and our sync fails, how do I fix it?
Why do I get HTTP 429 when importing {thing}? Is there a cap per minute?
Bulk updates fail with a too many requests error, should we batch them?
429 responses on every call from our integration, everything fails, what do we change?
{feature} stopped updating yesterday afternoon. Are you having an outage or is it just us?
is something down? {feature} won't load for me
Is {feature} down right now or is it our setup?
Any known issues with {feature} today? It isn't triggering.
Webhooks haven't been delivered since last night, known problem or our config?
My {feature} is stuck loading since this morning, is there an incident?
Our Zapier zap hasn't run since Monday, is something broken on your end?
I accidentally removed {person} from our workspace, how do I add them back with their {thing}?
A colleague was taken off the team by mistake, can you restore their access?
We removed a member by accident and now their {thing} have no owner. Can they be reassigned?
Please give {person} access again, we deleted their account by mistake yesterday.
If I re-invite a removed user, do they get their old {thing} back?
How do I make {person} the owner of our workspace?
Our admin is leaving, how do we hand the owner role over to me?
Can I pass account ownership to someone else on my team myself?
Steps to change who owns the workspace please
transfer ownership to a coworker?? how
how can i transfer the workspace to another admin
Who can change the account owner, and where is that setting?
account locked after too many tries, how long?
locked out, typed the wrong password like 5 times
cant log in, says too many attempts
Where can I download last year's invoices in one go?
How do I add our VAT number to future invoices?
How do I create invoices for my clients from the app?
Can I choose which email address receives our invoices?
My clients say they never received the invoices I sent through your app, what should I check?
Do you offer EU data residency?
Which region is our data stored in?
How do I use a backup code to sign in?
Where do I find my two-factor backup codes?
Lost my phone last week. I still have my backup codes; what's the way to move the authenticator to a new phone?
Are you SOC 2 certified? Our security team asks every vendor.
What are the password requirements for new accounts?""".splitlines()
ML_EXTRA = {"billing_dispute": ML_EXTRA_BILLING}

# ---------------------------------------------------------------------------------------------
# Round 4 (branch judge4): more paraphrase families per class (the ways customers say a hard-rule
# thing without its keyword), and hard negatives: short thanks and replies, trigger words about
# the customer's OWN business (their clients' refunds, prices and lawyers), words of other
# meanings (user agent, HR, cancel a meeting, charge a battery, growth hack, a court booking),
# questions about a policy or a setting rather than a request. Drawn with its own random stream
# (ROUND4_SEED) after everything above, so the examples above stay the same; split by the same hash.
ROUND4_SEED = 1404
T4 = {}
T4["pricing"] = """What would we pay if we moved {n} people onto {plan}?
Any deal if we commit for two years?
What's the fee for adding {n} more members?
Ballpark figure for {n} users on {plan}, please.
Do nonprofits or schools get anything off?
What's the per-seat rate once we pass {n} users?
Could we get a better rate if we pay upfront for the year?
Is there special pricing for startups?
How does billing scale if we grow from {n} to {n} seats?
Need a formal quote for procurement, {n} licences, annual billing.
What is the monthly charge per user on {plan}?
Our budget is {amount} a month, which plan fits and what would it come to?
Can we talk numbers for a company-wide rollout?
Is the annual plan cheaper than paying monthly, and by how much?
Do you match competitor prices?
What would it set us back to add {feature} for the whole team?
Is there volume pricing above {n} seats?
What are the costs for an enterprise agreement?
Can someone from sales send us numbers for {n} seats?
We want to negotiate our renewal rate.""".splitlines()
T4["billing_dispute"] = """You took {amount} from our card twice this month.
I was billed for {n} seats but we only have {days} people.
Please reverse the last payment, it should never have gone through.
I want the difference back, we were charged the yearly price instead of the monthly one.
Our card was debited after we downgraded, that's wrong.
There's a charge on my statement from you that I don't recognise.
The invoice lists users who left months ago and we paid for them.
We were overcharged on the last invoice, please correct it and credit us.
I'll dispute this with my bank if the double payment isn't fixed.
You charged us for {plan} but we are on {plan}.
The renewal went through at a higher amount than we agreed.
We cancelled in {month} and still got billed in {month}.
Why did you charge my card {amount} without any notice?
Return the money for the month we couldn't use the service.
I need a credit for the seats we were billed for by mistake.
Two payments of {amount} went out on the same day, one must be refunded.
The trial was supposed to be free but my card was charged.
My bank shows a payment to you after I closed the account.
Please give us our money back for the unused months.
We were promised a discount on the renewal and it was not applied to the charge.""".splitlines()
T4["legal_threat"] = """Our counsel will be in touch about this.
I've passed this to our solicitors.
We're filing a complaint with the regulator.
This will go to arbitration if it isn't resolved.
We're considering our legal options.
Expect to hear from our legal representatives.
I will be reporting you to the data protection authority.
You have breached our agreement and we will seek damages.
Our legal team is preparing a claim against your company.
This is a formal notice before we take this further legally.
I'm contacting the ombudsman about how you've handled this.
We'll see you in court if this data isn't returned.
Consider this a formal complaint; we are taking legal advice.
I have instructed a law firm to recover what we paid.
We will be filing a lawsuit over the lost records.
Our general counsel says you are in breach of the contract.
I'm going to the trading standards office with this.
We will take action to recover our losses.
Your terms were violated and our lawyers are reviewing it.
I'm reporting this to the attorney general's office.""".splitlines()
T4["human_requested"] = """Put me through to your team please.
Can someone from your company call me?
I don't want a bot, I want a real answer from a person.
Is there anyone actually working there I can speak to?
Please have a member of staff get back to me.
Connect me with whoever handles this on your side.
Stop the automated replies and get me a person.
Can I get a call back from support today?
I'd rather talk to somebody, can you arrange that?
Let me speak to a manager.
Please escalate this to a real support engineer.
Who can I phone about this?
I need to talk to a live agent, not an assistant.
Can a human look at my case instead?
Your automatic answers aren't helping, I need a colleague of yours.
Transfer me to someone who can actually fix it.
Could a person from support reach out by phone?
I want to speak with a representative.""".splitlines()
T4["security_incident"] = """Someone I don't know is in our workspace.
We got an alert about a login from a place we've never been.
Our admin's password showed up in a leak and there were logins after that.
People outside the company can see our private {thing}.
A removed user still has access and used it this week.
Our key is out in the open on a public repo, please disable it.
I think we were phished and someone has our admin login.
My account settings changed and it wasn't me.
There are API calls with our key from addresses we don't own.
Somebody downloaded all our {thing} last night and none of us did it.
Our workspace was accessed from an unfamiliar device, what do we do?
A guest can see boards they were never invited to.
We leaked a token in a public gist, rotate it please.
I got a new-device email for a sign-in that wasn't mine.
Someone is impersonating our admin inside the workspace.
Our data is visible to another organisation.
Someone changed the owner email on our account.
A teammate's account is posting spam links in comments.
Access we revoked is somehow still working.
We suspect an intruder: settings and members changed overnight.
Strangers joined our workspace through an old invite link.
Files marked private are showing up for people without access.
My login was used from two countries within an hour.
An unknown app was authorised on our account.
Our credentials were stolen, please lock the account.
Someone has been reading our private {thing}, we see views from an unknown user.""".splitlines()
T4["privacy_request"] = """Please wipe my personal details from your records.
I'd like to know every piece of information you store about me.
Remove me completely, including my name and email, from your systems.
Under data protection law I want a copy of my information.
I'm exercising my right to erasure.
Please confirm you have deleted my personal data and tell me when.
What data about me have you shared with third parties?
I want my personal data transferred to me in a machine-readable file.
Our former employee wants their personal information removed from our workspace history.
Please stop using my data and delete my profile.
Under the LGPD I want to know which of my data you process.
Send me a report of all personal data linked to my account.""".splitlines()
T4["outage"] = """Nothing works for any of us this morning.
Your whole platform is unreachable from every office we have.
None of our {n} users can open the app right now.
We've been down for hours, all our users are affected.
The service is unavailable for our entire company.
Every request to the API fails with a server error, for all our keys.
All our customers see error pages when they open our shared boards.
Total outage on our account since {n} am.
The app is completely dead for everyone in our team.
Whole team can't sign in since the update, nobody can work.
Everything has been offline for the last two hours across all our locations.
The system has been failing all day for every user we have.""".splitlines()
T4["churn_risk"] = """We're looking at other tools.
Leadership asked us to find something cheaper.
We may not renew next year.
This might be the thing that makes us switch.
Another vendor offered us a better deal and we're tempted.
We're moving the team to a different product next quarter.
I can't keep defending this tool to my team.
Don't renew us, we're going elsewhere.
We're on our way out unless this gets sorted.
Our trial of a competitor starts Monday.
We are not going to continue with you after this year.
I'm putting together the case for replacing you.
Our boss told us to stop using it at the end of the month.
We're weighing up leaving.
You're about to lose a customer.
We won't be staying much longer at this rate.
We have decided to move on and want to close the account.
The team wants to jump ship.
We're evaluating a switch for next term.
If nothing changes, we're gone at renewal.
Time to find a better tool, honestly.
Can you tell me how to end our contract early? We're moving.""".splitlines()
T4["none"] = """Perfect, that worked, thank you!
Great, thanks for the quick help.
Thanks, all sorted now.
Got it, appreciate it.
Thanks so much, you saved my day.
Ok thanks!
Awesome, that fixed it.
Cool, thank you very much.
Never mind, I found it.
That makes sense, thanks for explaining.
How do I record a refund I gave to one of my clients?
My customer wants a refund for an order, how do I mark the invoice as refunded in the app?
How do I set prices on the quote template we send to our clients?
Can I add a discount line to the invoices we create for customers?
Where do I change the price column format in my product list?
Our firm works with lawyers; can we rename the client field to matter?
I'm a lawyer and want to organise my cases in boards, any tips?
We're a law firm, how do we keep each client's files separate?
How do I give our HR team access to the onboarding board?
The user agent string in the logs looks odd, how do I read it?
Can I cancel a meeting from the calendar view?
How do I cancel a recurring task without deleting the old ones?
How do I cancel an invitation I sent to the wrong address?
The tablet won't charge while the app is open.
Who is in charge of approving changes in the workflow settings?
We're running a hackathon, can we make a temporary workspace for it?
Any tips or hacks for sorting a big backlog?
How do I book a tennis court through the booking template?
Can I sue... I mean, can I use the API from a spreadsheet?
How do I report a bug to you properly?
How do I set a deadline so tasks show as breached when they're late?
We use your tool to track our own customers' outages, can the status board be public?
Where is the status page for your service?
How do I make a board private so only my team sees it?
Where are the privacy settings for a single project?
What does the security settings page let an admin change?
How do I delete a project I no longer need?
How do I clear my test data before we go live?
How do I delete a column I added by mistake?
Can I talk to the API from Python?
Does the app talk to our CRM?
Is it possible to give a task to a person outside my team?
How do I quote a message in a comment?
Why are quotes in my CSV export doubled?
An employee is leaving, how do I hand their tasks to someone else?
How do I switch between two workspaces quickly?
We track competitors in a board, can I add custom fields for them?
Where can I read your terms of service?
Our legal department wants a copy of the terms, where can I download them?
Our lawyer asked for your subprocessor list, where is it published?
What's your refund policy for annual plans?
Do you offer refunds if we downgrade mid-year, or is it a credit?
Is the Enterprise plan the one with SSO?
Which plan includes the audit log?
What does the free plan include?
What payment methods do you accept?
Can I pay by bank transfer instead of card?
Where do I change the billing contact on our account?
How do I update the company address on future invoices?
The invoice total looks right, I just need to know where the VAT is shown.
How do I see my current plan and seats?
Can I schedule a demo of the new reporting feature?
How do I get notified when a task is overdue?
How do I export the audit log to CSV?
How do I turn off the AI suggestions?
Is there a chatbot we can add to our own site with your API?
How do I create a form that customers fill in?
Can the bot in our channel post task updates?
How do I unsubscribe from the weekly digest emails?
Can I pause notifications while I'm on holiday?
How do I add a human-readable name to an API key?
My dog chewed my phone, how do I move two-factor to the new one?
Our agency manages clients' projects, can each client see only theirs?
We're an insurance agency, can we use custom statuses for claims?
I typed the wrong email when signing up, how do I change it?
How do I restore a task I deleted yesterday?
Can I undo a bulk edit?
Where can I see the changelog?
Is there a dark mode?
How many people can we invite on the free plan?
Why does the app say my session expired after lunch?
Where are the docs for the webhook payloads?
Our team lead is out, how do I make someone else an admin?
I'm the new admin, how do I take over billing from the old one?
Our bill went up this month, is that because we added {n} seats?
The new invoice is higher than usual, I assume it's the extra users we added?
Can our billing currency be changed to euros from next month?
Can we be billed in pounds instead of dollars from now on?
Legal needs your signed DPA on file, where can we download it?
Our compliance officer asks for your SOC 2 report, how do we request it?
Our legal team is reviewing your terms before we roll out, is there a PDF version?
Our counsel wants to read the privacy policy, where is the latest version?
Procurement needs your W-9 and company details for the vendor form.
Is there a status page I can subscribe to for incident updates?
What's your uptime commitment on {plan}?
How do I remove a user's access when they change teams?
How do I see which devices are signed in to my account?
Where do I find the login history for my account?
How do I revoke an API key we no longer use?
How do I rotate our webhook secret as part of routine maintenance?
Can I restrict guest links so they expire after a week?
How do I upgrade from {plan} to {plan}?
We're at the member limit on {plan}, do we have to upgrade to add {n} more people?
If we add two more users, does the plan upgrade by itself or do I need to do it?
Where's the upgrade button? I can't find it in settings.
Does upgrading mid-month keep our data and settings?
What happens when we go over the seat limit?
We need more storage than our plan allows, how do we get more?
Can I upgrade just one workspace and not the others?
Upgrade failed with an error in the browser, what should I try?
I upgraded yesterday but still see the old limits.
How do I invite a colleague as a viewer only?
Can a colleague edit my board while I'm on leave?
How do I hand my projects over to a colleague before my holiday?""".splitlines()
ML4 = {
    "pricing": """¿Cuánto pagaríamos por {n} usuarios al año?
¿Hay algún precio especial para startups?
Combien paierions-nous pour {n} postes par an ?
Y a-t-il un tarif spécial pour les écoles ?
Was würden {n} Lizenzen im Jahr kosten?
Gibt es Sonderkonditionen für gemeinnützige Organisationen?
Quanto pagaríamos por {n} usuários no plano anual?
Existe preço especial para startups?""".splitlines(),
    "billing_dispute": """Me cobraron de más este mes, quiero que lo corrijan.
Hay un cargo en mi tarjeta que no reconozco.
On m'a facturé des utilisateurs que nous n'avons plus.
Il y a un prélèvement que je ne reconnais pas.
Sie haben mir zu viel berechnet, bitte korrigieren.
Auf meiner Karte ist eine Abbuchung, die ich nicht kenne.
Fui cobrado a mais este mês, quero a diferença de volta.
Tem uma cobrança no meu cartão que não reconheço.""".splitlines(),
    "legal_threat": """Nuestro equipo legal va a presentar una reclamación.
Lo llevaremos a los tribunales.
Nous allons saisir la justice.
Notre avocat prépare une mise en demeure.
Wir schalten unseren Rechtsanwalt ein.
Wir werden Klage einreichen.
Vamos levar isso à justiça.
Nosso jurídico vai abrir uma ação.""".splitlines(),
    "human_requested": """Necesito hablar con alguien de su equipo.
No quiero un bot, quiero una persona.
J'aimerais qu'un membre de votre équipe me rappelle.
Je ne veux pas parler à un robot.
Ich will keinen Bot, sondern einen echten Menschen.
Kann ich bitte mit jemandem aus dem Support sprechen?
Quero falar com alguém da equipe.
Não quero falar com robô, quero uma pessoa.""".splitlines(),
    "security_incident": """Alguien desconocido entró en nuestro espacio de trabajo.
Recibimos un aviso de inicio de sesión desde otro país.
Quelqu'un d'inconnu a accès à nos projets.
Un ancien salarié utilise encore son compte.
Ein Unbekannter hat sich in unser Konto eingeloggt.
Ein ehemaliger Mitarbeiter hat noch Zugriff und hat ihn benutzt.
Alguém desconhecido entrou na nossa conta.
Um ex-funcionário ainda tem acesso e usou ontem.""".splitlines(),
    "privacy_request": """Eliminen mis datos personales de sus sistemas.
Quiero saber qué datos personales guardan sobre mí.
Effacez mes données personnelles de vos systèmes.
Quelles données personnelles conservez-vous sur moi ?
Löschen Sie meine personenbezogenen Daten aus Ihren Systemen.
Welche persönlichen Daten speichern Sie über mich?
Apaguem meus dados pessoais dos seus sistemas.
Quais dados pessoais vocês guardam sobre mim?""".splitlines(),
    "outage": """Nadie en la empresa puede entrar desde esta mañana.
Todo el servicio está caído para todos nosotros.
Personne dans l'entreprise ne peut se connecter depuis ce matin.
Le service est complètement en panne pour toute l'équipe.
Seit heute Morgen kann sich niemand in der Firma anmelden.
Der Dienst ist für unser ganzes Team ausgefallen.
Ninguém da empresa consegue entrar desde hoje cedo.
O serviço está fora do ar para toda a equipe.""".splitlines(),
    "churn_risk": """Estamos pensando en cambiarnos a otra herramienta.
No creo que renovemos el año que viene.
Nous envisageons de changer d'outil.
Nous ne renouvellerons probablement pas.
Wir überlegen, zu einem anderen Tool zu wechseln.
Wir werden wohl nicht verlängern.
Estamos pensando em trocar de ferramenta.
Acho que não vamos renovar no ano que vem.""".splitlines(),
    "none": """¿Cómo registro un reembolso que hice a un cliente?
¿Dónde está la configuración de privacidad del proyecto?
Gracias, ya funciona.
¿Cómo cancelo una tarea recurrente?
Comment enregistrer un remboursement fait à un client ?
Où sont les paramètres de confidentialité du projet ?
Merci, c'est réglé.
Comment annuler une réunion dans le calendrier ?
Wie erfasse ich eine Rückerstattung an einen Kunden?
Wo sind die Datenschutzeinstellungen des Projekts?
Danke, jetzt funktioniert es.
Wie storniere ich eine wiederkehrende Aufgabe?
Como registro um reembolso que fiz para um cliente?
Onde ficam as configurações de privacidade do projeto?
Obrigado, já funcionou.
Como cancelo uma tarefa recorrente?
¿Cómo paso al plan superior si añadimos más usuarios?
Comment passer à l'offre supérieure pour ajouter des membres ?
Wie wechsle ich in den höheren Tarif, um mehr Nutzer hinzuzufügen?
Como faço upgrade do plano para adicionar mais usuários?""".splitlines(),
}

# ---------------------------------------------------------------------------------------------
# Round 5 (branch judge5): further paraphrase families, written fresh (not from any ticket set or
# held-out line): leaving framed as budgets, votes, consolidation and replacement; incidents told
# as what the customer saw (alerts, changed settings, strangers, exports nobody made); data-subject
# requests as consent, correction, objection and "forget me"; legal steps as claims, remedies and
# reserved rights; disputes as wrong amounts, currencies, add-ons and removed cards; outages as
# status codes and "everyone here". Plus routine look-alikes around each (how-tos about the same
# settings, a one-person problem, paperwork downloads, leaving a workspace or a job). Drawn with
# its own random stream (ROUND5_SEED) after everything above; split by the same hash.
ROUND5_SEED = 1405
T5 = {}
T5["churn_risk"] = """Management wants a replacement for you lined up by the end of the quarter.
Honestly, this is the last month we pay for this.
Our contract is up in {month} and right now I can't justify renewing it.
If {feature} isn't fixed this week we're switching vendors.
Half my team has stopped logging in; we'll probably let the subscription lapse.
In the budget review your tool ended up on the list of things to drop.
We've been trialling a competitor and it does this out of the box.
Give me one good reason we should stay.
I'm recommending to {role} that we don't renew.
We're consolidating our tools and yours is likely the one that goes.
The team voted to move off your platform.
We plan to terminate the agreement when it comes up for renewal.
Is there any reason I shouldn't just pull the plug on this?
We're this close to walking away.
I regret choosing you over the alternatives.
The plan is to be fully migrated off you by {month}.
We no longer see the value, please don't auto-renew us.
Seriously thinking about dropping you for something simpler.
Unless you can fix the sync problems, we won't be extending our licence.
Our pilot is over and frankly we're not convinced enough to keep paying.""".splitlines()
T5["security_incident"] = """Someone changed our admin's email address and it wasn't any of us.
We got a sign-in alert from a country none of us has been to.
A new admin appeared in our workspace and nobody added them.
My password was changed and I didn't do it.
Our integration token turned up on a public paste site.
I think someone is inside my account, {thing} were moved around overnight.
One of us typed their password into a fake copy of your login page.
Members can open private {thing} they should have no access to.
Two-step verification on my account was switched off without me.
The audit log shows deletions at 3am by a user who was asleep.
Attackers used our account to send messages to our clients.
I can see another company's {thing} in my account.
A user with no permissions managed to change our billing settings.
I keep getting password reset emails I never asked for and now I'm locked out.
Someone forwarded all of my mail to an address I don't know.
An unknown session is still active on my profile even after I logged out everywhere.
There's a webhook sending our data to a URL none of us created.
Our shared workspace link was crawled and strangers are browsing our {thing}.""".splitlines()
T5["privacy_request"] = """Please erase every record you hold about me.
I'd like a copy of all the personal data linked to my email address.
Under the CCPA, do not sell or share my personal information.
Remove my details from your systems and confirm it in writing.
Stop emailing me and delete my contact information for good.
I'm exercising my right to be forgotten.
Send me everything you know about me, including activity logs.
Correct the personal data you hold on me, my name and address are wrong.
I withdraw my consent for you to use my data.
I left that company, please purge my profile and any personal info you kept.
Our data protection officer is submitting an access request for one of our employees.
I object to my data being used to train your systems.
Please restrict processing of my personal data while my complaint is reviewed.
Tell me exactly where my personal data is stored and who can read it, then delete it.""".splitlines()
T5["legal_threat"] = """We'll be taking this further with our legal advisers.
We are preparing a claim for the damages this caused.
This goes to the small claims court unless you pay us back.
I've reported your company to consumer protection.
Consider this formal notice of a dispute under our contract.
We're seeking compensation through the courts.
Our attorneys are reviewing the service failures as we speak.
You'll be hearing from our legal people about the lost revenue.
Fix this or we pursue every legal remedy available.
This breaks consumer law and I intend to act on it.
We reserve all our legal rights regarding this incident.
A formal letter from our law firm is on its way.
I'm prepared to sue over the data you lost.
We will hold you liable for every hour of downtime.""".splitlines()
T5["billing_dispute"] = """Your system billed us after the trial and we never agreed to pay.
The amount on this month's receipt is wrong, it should be {amount}.
We pay for {n} seats but only {n} are active; fix it and credit the difference.
The discount we were promised isn't on the bill.
Money left our account twice for a single renewal.
You keep charging a card I removed weeks ago.
This charge is not what we signed up for.
We got billed for an add-on we never turned on.
The pro-rated amount makes no sense, we paid more than a full month.
The payment failed on your side but you still added a late fee.
Please void the duplicate transaction from {month}.""".splitlines()
T5["outage"] = """Nothing loads for anyone in our office, is the whole service down?
Every page returns a 502 for all of us.
The whole team got logged out and nobody can get back in.
Your service has been unreachable for an hour at every one of our sites.
The status page is all green but the app is dead for everyone here.
Syncing has stopped for every user in the company since this morning.
The site times out for all our staff.
No one in our organisation can open any {thing} right now.
The API returns 503 for every request we make.
Everyone on our account has been stuck on a loading screen for {days} hours.""".splitlines()
T5["human_requested"] = """Can I speak with an actual member of staff?
I'd rather deal with a person about this one.
Is there a phone number where I can reach someone?
Please have a manager contact me today.
Can somebody real take over this conversation?
I want this handled by your support people, not an auto-reply.""".splitlines()
T5["pricing"] = """How much are we looking at for {n} users?
What does {plan} run per month?
What's the going rate for {feature} as an add-on?
Can you send me your rates for a team our size?
If we add {n} people mid-year, what do we owe?
What would the yearly total be for {n} seats on {plan}?""".splitlines()
T5["none"] = """How do I remove a former employee's access to our workspace?
Where do I see the login history for my account?
How do I turn on email alerts for new sign-ins?
How do I export all of our {thing} to a spreadsheet?
Where can I read your privacy policy?
Is there a data processing agreement I can download for our records?
Your security page mentions SOC 2, where do I get the report?
The page won't load on my laptop but works on my phone, any idea?
We're moving offices next month; do we need to change anything in the app?
How do I switch from monthly to yearly billing?
The bill looks right, I just need a PDF copy for our accountant.
I was charged the right amount, thanks for sorting out the upgrade.
Someone on my team deleted a board by accident, can we restore it?
How do I give a contractor access that expires after a month?
How do I leave a workspace I was invited to?
I'm leaving the company; how do I hand my {thing} over to a colleague?
We're comparing {feature} with our old spreadsheets, does it support formulas?
Thanks for the quick fix, the team is happy again.
How do I change the card we pay with?
Can I downgrade to the free plan at the end of this month?
Where do I set who can see private {thing}?
How do I reset two-step verification for a member who lost their phone?
Can our users delete their own accounts, or do admins have to do it?
How long do you keep deleted {thing} before they are gone for good?
We want to stop the weekly digest emails for the whole team, where is that setting?
What does the 'suspicious activity' banner in the admin panel mean?
How can I see which integrations have access to our account?
Our team is switching from another tool; how do we import our {thing}?
The export finished but the file seems empty, what am I doing wrong?
Can I get our invoices sent to a second email address automatically?
Our legal people asked for a copy of your terms, where can I find the latest version?
Legal would like to read your security whitepaper before we roll out to {n} more users.
Our legal counsel needs the subprocessor list for our files.
Why did our bill go up this month? Was it the {n} users we added?
Can you explain the new line on this month's invoice? I'm just trying to understand it.
The renewal amount is higher than last year, is that the new seat count?
Can future invoices be in euros instead of dollars?
Does the yearly price include tax, or is that added at checkout?
Our last invoice was {amount}, a little more than usual; I guess that's the new members?
How is the amount on my invoice calculated when someone joins halfway through the month?
Which currency will we be billed in if our company is in the {region}?
Can I switch our billing currency before the next renewal?
Is VAT shown separately on the invoice?
We added {n} seats last week, when will that show up on the bill?
Just checking: will the next charge be the yearly amount or the monthly one?
Where can I see a breakdown of what we're billed for each month?
{feature} stopped working on my phone even though it's still switched on in settings.
Reminders aren't arriving anymore; I checked and they're still enabled.
Alerts are still on in my profile but nothing comes through since yesterday.
Sync is still turned on, yet nothing has updated on my laptop since this morning.
Everything is still enabled in preferences and I still get no emails from {feature}.
My session keeps timing out even though "stay signed in" is ticked.
Everyone on our team would love {feature} on mobile, is it planned?
Our whole team uses {feature} daily, is there a way to pin it to the sidebar?
All of us get the digest email at 9am, can it arrive later?
Notification emails go to spam for some of our team, which sender should we allow?
Nobody in our office has tried {feature} yet, is there a short tutorial?
Everybody here prefers the list view, can we make it the default?
Every user in our workspace should see the same dashboard, how do I share it?
The whole company moves to {plan} next month, is there anything we need to do?
Half of our team sees the new layout and half the old one, is that a gradual rollout?
None of us knew {feature} existed until today, great find!
Can admins read private {thing} between members, or only the people in them?
Who can see a private board: just its members, or workspace admins too?
Do guests see our internal comments on {thing}?
Are private {thing} hidden from the account owner as well?
We want to close one of our two workspaces and keep the other, what's the procedure?
How do I cancel the extra seats we added last month but keep the plan?
Can I end the trial of the add-on early without affecting our main subscription?
We'd like to shut down the test workspace we made during onboarding, how?
My connection keeps dropping when I upload big files.
The video call drops every few minutes in the meeting integration.
Sync drops out whenever my laptop goes to sleep.
The Wi-Fi on our tablet keeps dropping, so the app loses my changes.
Performance drops a lot once a board has over {n}00 cards.
The drop-down menus don't open in Firefox.
The battery drains and the signal drops when the app runs in the background.""".splitlines()
ML5 = {
    "churn_risk": """La dirección quiere sustituir vuestra herramienta este trimestre.
No vamos a renovar el contrato si esto sigue así.
La direction nous demande de vous remplacer d'ici la fin du trimestre.
Nous ne renouvellerons pas notre abonnement.
Wir suchen bereits nach einem Ersatz für euer Tool.
Wir werden den Vertrag zum Ende der Laufzeit kündigen.
Estamos avaliando outra ferramenta para substituir vocês.
Vamos deixar de usar a plataforma no fim do mês.""".splitlines(),
    "security_incident": """Alguien cambió el correo del administrador y no fuimos nosotros.
Hay sesiones abiertas en mi cuenta desde un país desconocido.
Quelqu'un a changé mon mot de passe sans mon accord.
Un inconnu est administrateur de notre espace de travail.
Jemand hat sich mit meinem Konto aus dem Ausland angemeldet.
Unser API-Schlüssel ist öffentlich im Internet gelandet.
Alguém alterou a senha da minha conta sem autorização.
Um usuário desconhecido apareceu como administrador.""".splitlines(),
    "privacy_request": """Quiero que borren todos mis datos personales.
Solicito una copia de toda la información personal que tienen sobre mí.
Je demande la suppression de toutes mes données personnelles.
Merci de m'envoyer une copie de mes données personnelles.
Bitte löschen Sie alle meine personenbezogenen Daten.
Ich möchte Auskunft über alle gespeicherten Daten zu meiner Person.
Quero que apaguem todos os meus dados pessoais.
Solicito uma cópia dos meus dados pessoais.""".splitlines(),
    "outage": """Nadie en la oficina puede abrir la aplicación.
La API devuelve errores 503 en todas las peticiones.
Personne dans l'entreprise ne peut se connecter depuis ce matin.
Le service est inaccessible pour toute l'équipe.
Bei uns funktioniert für niemanden mehr irgendetwas.
Die Plattform ist für alle unsere Nutzer nicht erreichbar.
Ninguém da empresa consegue acessar o sistema.
O serviço está fora do ar para toda a equipe.""".splitlines(),
    "legal_threat": """Nuestros abogados ya están revisando el contrato.
Vamos a reclamar daños y perjuicios.
Nous allons engager une procédure contre votre société.
Notre avocat vous contactera.
Wir behalten uns rechtliche Schritte vor.
Unser Anwalt wird sich bei Ihnen melden.
Vamos entrar com uma ação contra a empresa.
Nosso advogado vai entrar em contato.""".splitlines(),
    "billing_dispute": """Me cobraron dos veces la misma renovación.
Me siguen cobrando en una tarjeta que eliminé.
On m'a débité deux fois pour le même mois.
Le montant facturé ne correspond pas à notre offre.
Sie haben mir zweimal denselben Betrag abgebucht.
Der Rechnungsbetrag stimmt nicht mit unserem Vertrag überein.
Fui cobrado duas vezes pela mesma assinatura.
Cobraram um valor diferente do combinado.""".splitlines(),
    "none": """¿Cómo exporto mis tareas a una hoja de cálculo?
¿Dónde veo el historial de inicio de sesión?
Comment puis-je retirer l'accès d'un ancien employé ?
Où puis-je télécharger nos factures ?
Wie ändere ich die Zahlungskarte?
Wo finde ich die Datenschutzerklärung?
Como faço para sair de um espaço de trabalho?
Onde vejo quais integrações têm acesso à conta?""".splitlines(),
}
# ---------------------------------------------------------------------------------------------
# Round 6 (branch judge6): the same message in other registers. Diagnosis on a fold of the
# TRAINING templates (a third hash byte; the held-out files were not read) showed the model
# missing a template it never saw as soon as the register changed: chat shorthand without
# apostrophes, a long polite email whose one relevant sentence sits in the middle, the trigger
# asked as a question or told as a story. Two things, drawn with their own random stream
# (ROUND6_SEED) after everything above, split by the same template hash (every earlier line is
# unchanged; a held-out template's restyled lines go to the held-out file):
#  1. STYLED: every template of every round (routine ones too, so the register itself carries no
#     signal) once more as a chat message (lower case, no apostrophes, u/pls/thx) and once inside
#     a long polite email (neutral filler before and after);
#  2. T6/ML6: new indirect wording families for the classes the fold missed most (security,
#     churn, billing disputes, outages, legal steps, hand-offs, prices), each with routine
#     look-alikes that share its words.
#  Measured in docs/EVAL.md round 6: held-out recall and right reason up ~4 points, routine
#  escalations up ~0.35 points on the generated held-out split (still under the 5 % aim) and one
#  test ticket. The lead took it into the committed corpus (DECISIONS, "Corpus round 6 taken"):
#  the fixed hand-written held-out file gains recall and right reason at no routine cost.
#  `--without-round6` writes the corpus as it was before.
ROUND6 = "--without-round6" not in sys.argv[1:]
ROUND6_SEED = 1406
T6 = {}
T6["security_incident"] = """why does my account show a login from a phone i have never owned
Is it normal that my sessions page lists a laptop in another city? Because none of us is there.
Found a browser extension session on my profile that isn't mine, and now {thing} are missing.
We never set up that forwarding rule, yet our notifications go to a stranger's address.
Quick one: how would somebody outside our team have edited {thing} last night?
my teammate swears she didnt delete those {thing}, but the log says her account did at 2am
Got a "your email was changed" message. I did not change it. Help.
Somebody keeps trying my password, I get a lockout email every hour and it's not me.
Why is there an access token in our workspace called "backup" that no admin created?
I clicked a link in an email that looked like yours and typed my login, now my {thing} are gone.
Our former contractor's login was removed in {month} but the activity feed shows him today.
Strange: the API key we rotated yesterday is still being used from an unknown server.
Files we marked private are showing up in search for people who aren't in our team.
My phone got a 2FA prompt while I was asleep and someone approved it.
Can you tell me who logged into our admin account from {region}? It wasn't any of us.
Heads up, a customer sent us a screenshot of our internal {thing}, so something leaked from your side.
A guest we invited once can now see every board, including payroll.""".splitlines()
T6["churn_risk"] = """Do you have an export for everything? We'd need it if we end things at renewal.
Not sure we'll still be around as customers after {month}, tbh.
Our new director uses a different tool and wants all teams on it by next quarter.
is there a notice period? we probably wont continue after this term
What happens to our data once we stop paying? Asking because that's likely soon.
We're running both your tool and another one side by side to pick one, and right now it's not you.
The renewal quote went to procurement and they told us to look for something else.
Not going to lie, the team has mostly drifted to another app already.
Please confirm how to turn off auto-renewal, we're done after this cycle.
Can we downgrade to free and eventually leave? We just don't use it enough to pay.
We can't keep paying for something that breaks every week; this is our last renewal.
If the price goes up again we'll be shopping for alternatives.
Your competitor offered us a year free to switch, why should we stay?
I've been told to wind down our account with you over the next two months.""".splitlines()
T6["billing_dispute"] = """Why did my card get hit with {amount} when I'm on the free plan?
the invoice says {n} users but we only ever had {days}, can this be fixed
We were billed for the whole year although we agreed to pay monthly.
Bank statement shows two payments to you on the same day, same amount.
How come we paid {amount} for {month}? Our plan is a lot less than that.
So we cancelled in {month} and there's still a charge from you this month??
I was told the upgrade would be prorated, but you charged the full {amount}.
The tax on our invoice is wrong, we gave you our VAT number and still got charged VAT.
Our card was charged for add-ons nobody in the team turned on.
We downgraded weeks ago and the last bill is still at the old price.
Can someone explain this {amount} charge? Nothing on our side changed and I want it corrected.
The trial was supposed to end without a charge, yet {amount} came out of my account.
Charged in dollars although our contract is in euros, and the difference is ours to eat?""".splitlines()
T6["outage"] = """Is it just us or does nothing load right now? The whole office is stuck.
been getting errors on every page for an hour, so is everybody else here
All our integrations stopped at the same time and none of us can sign in.
Your service has been unreachable for our entire company since this morning.
Every request to your API times out, for all of our servers, since {n} am.
Not a single person in our team can open {feature} today, it spins forever.
Our customers can't reach anything we host with you, it has been down {days} hours.
We're losing money, the whole platform has been unavailable for us since lunch.
Status page says all green but everybody on our side gets a blank screen.
Since the update last night no one in the company can save anything.""".splitlines()
T6["legal_threat"] = """We've started collecting evidence for a formal claim against you.
Unless this is resolved by Friday, the matter goes to our legal department.
Should I be talking to you or to our attorney about getting this money back?
You'll be hearing from the people who handle our contracts, and not kindly.
We reserve all rights and are preparing to take action over the lost data.
I'm filing a complaint with the consumer authority about how this was handled.
Our general counsel has asked for every record of this incident before we proceed.
This breach of contract will be settled in court if we have to.
We are considering a claim for damages caused by your outage.
Next step is a formal letter from our legal representative.""".splitlines()
T6["human_requested"] = """Is there anyone I could actually talk to about this? The automatic answers don't help.
Can a real person from your side email me back, please.
I'd rather discuss this with someone on your team than keep typing here.
pls get someone to call me, i dont want another auto reply
Could you pass this to a colleague who can look at our account directly?
Is this a bot? If yes I'd like a person.
Stop sending me help articles and let me speak to somebody.
Can I book a call with one of your support staff?
I need a human being to look at this, not a template.
Would it be possible for someone from support to join a quick video call with us?""".splitlines()
T6["pricing"] = """Roughly what would {n} seats set us back each year?
whats the damage for {plan} if we pay yearly
If we add {n} more people, how much more would we be paying?
Before I pitch this to {role}: what does {plan} cost, and is there a nonprofit rate?
Do you do special rates for schools or charities?
What's the monthly figure for {n} users on {plan}?
How much extra is {feature}, or is it included?
Can we get a quote in euros for {n} licences?
Is there a discount if we sign for three years?
Is the annual plan cheaper per user than monthly, and by how much?""".splitlines()
T6["none"] = """why does my account show a login from yesterday, is that my own phone?
Where can I see which devices are signed in to my account?
How do I set up a forwarding rule for notifications to my assistant?
How do I see who edited {thing} last night? We want to credit the right person.
my teammate deleted some {thing} by mistake, can we get them back?
I got a "your email was changed" message, that was me, just confirming it worked.
How do I create an access token for our backup script?
We removed a former contractor's login, do their {thing} stay?
How do I rotate an API key without breaking our integration?
Can I make files private so they don't show up in search for guests?
My phone gets a 2FA prompt each time I log in, can I remember this device?
How do I see the sign-in history for our admin account?
Do you have an export for everything? We want a backup every month.
Is there a notice period if we reduce seats at renewal?
What happens to our data if we pause the workspace for the summer?
Please confirm auto-renewal is on, we want to keep going next year.
Can we switch from monthly to yearly billing at renewal?
How do I download last month's invoice as a PDF?
the invoice should list {n} users, can I change the billing contact on it
Where do I enter our VAT number so it shows on the next invoice?
How are add-ons billed if we turn them on mid-month?
Is the upgrade prorated if we move to {plan} today?
Is it just me or is the new dashboard layout different today? Looks nice.
All our integrations are listed twice on the settings page, how do I tidy that up?
Every request to the API needs a token, where do I find mine?
The whole team loves {feature}, is there a way to pin it?
Is there anyone in the community forum who has built a Gantt view?
Can I talk to the team about a feature idea? No rush.
Could you pass on our thanks to the colleague who helped us last week?
How do I give a colleague access to our account settings?
Our legal department needs the invoices for {month}, where can they download them?
How do I attach a contract to a record so our attorney can see it?
Can we store signed agreements in {feature}?
How do I record a claim number in a custom field?
What does {plan} include compared to {plan}?
How do I add {n} more people to our workspace?
Is {feature} available on every plan?
pls send me the link to reset my password thx
hey is there a dark mode on mobile
cant find the export button anymore, where did it go
Our legal team is reviewing your terms, could you send the current version as a PDF?
Our general counsel asked for your list of subprocessors and the DPA, where do I find them?
Can our attorney get read-only access to the contracts folder?
The legal department would like a signed copy of our order form.
Our in-house lawyer needs your security questionnaire filled in for the renewal.
Who at your company signs an NDA for us? Legal needs it before the pilot.
Can you change the currency on our invoices to euros from next month?
We pay in dollars but our accounting is in pounds, can invoices show both?
Our invoice went up this month, I think because we added {days} people, can you confirm how it's calculated?
Why does the invoice show a partial charge for {month}? We upgraded mid-month, just want to understand.
We'd like to move from card payments to bank transfer, how do we do that?
Is the charge on the invoice per active user or per invited user?
Great, that fixed it, thanks a lot!
Awesome, all sorted now, appreciate it.
thx so much that worked
Notifications stopped on my laptop even though they're turned on, how do I check the browser setting?
{feature} is enabled in settings but it's not in the menu anywhere, where is it?
We're considering our options for reporting, which export format works best with spreadsheets?
Before we proceed with the rollout, can you confirm the data is stored in the {region}?
Can we keep the annual plan but pay quarterly?
Is there an affiliate scheme? A few partner firms of ours want to sign up too.
We're really happy with the tool and keep telling other companies about it, do you give credit for referrals?
Our sister company wants to start using you as well, can they join our billing?
We're moving our other departments onto your platform next quarter, how do we add a second workspace?
Love the new update! Can I share a link with friends at other studios so they get a trial?
Do you have a partner programme for consultants who set you up for their clients?
We switched from spreadsheets to you last year and want to bring another team over, any tips?
hey do u have a referral code or something, want to recommend u to a couple of other shops
Every notification reaches me twice, once by email and once in the app, can I turn one off?
The same {thing} appear twice in the list after the import, how do I merge them?
Our weekly report email was sent twice on Monday, is that a setting?
How do guests get access to a single board without seeing the rest?
Can a guest see private {thing} by default, or only what we share with them?
What can a guest do compared to a member?
How do I let a colleague cover my {thing} while I'm away?
Can I make a colleague an admin too?
My colleague left the company, how do I hand over her {thing}?
Our bill went up after we added {n} seats, is the new total shown anywhere before it's charged?
The invoice is higher because we moved to {plan}, right? Just checking the maths.
Which currency will you bill us in if we're in the {region}?
Are prices on the invoice shown with or without VAT?
Cool, thanks a lot!
Great, thank you, have a nice day.
Got it, cheers.
ok perfect thx
Is my data backed up, and can I restore an older version myself?
How long do you keep deleted {thing} before they're gone for good?
Is {feature} slow for everyone right now or is it our network? No rush, just curious.
Who in our workspace can see the activity log?
Can members see who else logged in today?
How do I stop getting a sign-in email every time I use a new browser?
I get logged out every time I close the browser, can I stay signed in longer?
The app asks me to log in again after each update, is that expected?
The sign-in history shows our office address several times, that's just us, right?
Is it normal to see two sessions when I use my phone and my laptop?
Is the chat on your website answered by people or is it automated?
Who do I talk to about a partnership or a joint webinar?
All sorted on our side, feel free to close the ticket.
Problem solved, you can mark this as resolved.
The new card was charged correctly, all good now.
Payment went through this time, thanks for the quick fix.
We're a small agency trialling the product, does it do time tracking?
We're evaluating the product for our accounting firm, can clients upload files?
What's your cancellation policy for monthly plans, just so we know?
Is there a refund policy for unused seats? Asking for our records.
The date picker doesn't open in Safari.
Comments take a few seconds to appear for me, is that normal?
Can I schedule a report to go out every Monday?""".splitlines()
ML6 = {
"security_incident": """Alguien cambió la contraseña de mi cuenta y no fui yo.
Quelqu'un a modifié l'adresse e-mail de notre administrateur, ce n'est pas nous.
Jemand hat sich mit meinem Konto von einem fremden Gerät angemeldet.
Recebi um alerta de login de um país onde nunca estive.
Hay un administrador nuevo en nuestro espacio y nadie lo añadió.
Des fichiers privés sont visibles par des personnes extérieures à l'équipe.""".splitlines(),
"churn_risk": """Probablemente no renovemos el contrato este año.
On envisage sérieusement de partir chez un concurrent.
Wir werden den Vertrag zum Ende der Laufzeit nicht verlängern.
Estamos pensando em trocar de ferramenta no próximo trimestre.""".splitlines(),
"billing_dispute": """Me cobraron dos veces este mes, quiero que lo corrijan.
On a été débités alors que nous avions annulé.
Die Rechnung ist höher als unser Tarif, bitte korrigieren.
Fomos cobrados por usuários que não temos.""".splitlines(),
"outage": """No funciona nada para nadie en la oficina desde esta mañana.
Le service est inaccessible pour toute l'entreprise depuis une heure.
Bei uns allen lädt seit heute früh gar nichts mehr.
O sistema está fora do ar para toda a equipe.""".splitlines(),
"legal_threat": """Vamos a presentar una reclamación formal ante las autoridades.
Notre service juridique va prendre le relais sur ce dossier.
Wir behalten uns rechtliche Schritte vor.
Nosso departamento jurídico vai entrar com uma ação.""".splitlines(),
"human_requested": """¿Puedo hablar con alguien de su equipo, no con el bot?
Je voudrais parler à quelqu'un de votre équipe, pas à un robot.
Kann mich bitte ein Mitarbeiter zurückrufen?
Quero falar com uma pessoa, não com um robô.""".splitlines(),
"none": """¿Dónde veo los dispositivos con sesión iniciada?
Comment changer l'adresse e-mail de l'administrateur ?
Wie kann ich den Vertrag auf jährliche Zahlung umstellen?
Como baixo a fatura do mês passado?
¿Cómo invito a alguien de mi equipo al espacio de trabajo?
Est-ce que le service fonctionne aussi hors ligne ?""".splitlines(),
}
PER_TEMPLATE6 = {"security_incident": 12, "churn_risk": 12, "billing_dispute": 10, "outage": 10,
                 "legal_threat": 10, "human_requested": 10, "pricing": 8, "none": 16}

# Round 7 (branch judge7): routine look-alikes, the false alarms' words in routine questions.
# Diagnosis on validation.txt --misses only (a tuning file; the held-out files were not read):
# 46 of 66 routine escalations were the MODEL, on whole templates in every register — an invoice
# that went up after seats were added or a currency switch read as a billing dispute, a legal
# department asking for paperwork read as a legal threat, "works offline?" read as an outage,
# notifications stopping on one phone read as a security incident. The round-6 look-alikes of
# the same kind were too few in training (a fifth of them each went to the held-out and
# validation files). Drawn with their own random stream (ROUND7_SEED) after everything above,
# split by the same template hash, so every earlier line is unchanged; each template also once as
# a chat message and once inside a long email. Measured in docs/EVAL.md round 7: held-out routine
# escalations down ~1.2 points but recall and right reason down ~1 point, beyond the training
# noise, so it is NOT in the committed corpus: `--round7` writes it.
ROUND7 = ROUND6 and "--round7" in sys.argv[1:]
ROUND7_SEED = 1407
T7 = {"none": """Our total went up after {n} new people joined, where can I see the breakdown per seat?
The charge this month is larger than usual, I assume it's the extra seats we added, where is that itemised?
We switched to {plan} in the middle of the month, how is the first invoice worked out?
Can we be invoiced in euros instead of dollars from the next billing cycle?
Our finance team wants the invoices in their local currency, is that possible?
Could the invoices go to our accounts payable address instead of mine?
Is the amount on the upcoming invoice final, or can it still change if we add users?
What is the line called prorated adjustment on our invoice? Nothing wrong, just curious.
This month's charge is lower than last month's, is that because we removed a few seats?
Where do we change the card that gets charged each month?
The payment went out on the 1st as usual, could you send a receipt with our company address?
When exactly will the card be charged for the renewal?
Our legal team would like a copy of the service agreement we signed.
Can you send the latest terms of use? Our lawyers review every vendor once a year.
Our compliance officer asked for your data processing terms, where can I download them?
Legal asked me to get the countersigned version of our order form, can you email it?
Which country's law governs the agreement? Our legal department asked, where is that written?
Procurement and legal need your tax form before they pay the first invoice.
We're renewing for another year, can we add {n} seats at the same time?
How do I cancel one add-on without touching the rest of the subscription?
We want to bring one more team over from their old tool, is there an importer for {thing}?
When does our contract end? I need the date for budgeting, we're staying.
Can we put one workspace on {plan} and keep the other on the current one?
How do I remove a member who left and give the seat to the new hire?
Can I mute notifications for the holidays without leaving the workspace?
Notifications stopped showing on my phone after the update, is there a setting I missed?
{feature} stopped syncing on my laptop, do I need to sign out and back in?
My two-factor codes don't arrive by text anymore, can I switch to an authenticator app?
How do I see which connected apps have access to our account?
Can guests open private {thing} if someone sends them the link?
I changed my email address yesterday, do I need to verify it again?
Does the app still work if our internet connection drops?
Is there a status page I can subscribe to for planned maintenance?
Can {feature} keep working without a connection and sync later?
We log incidents for our own clients in {thing}, can we share that board publicly?""".splitlines()}
ML7 = {"none": """Est-ce que je peux utiliser l'application sans connexion internet ?
¿Se puede cambiar la moneda de las facturas a euros?
Unsere Rechtsabteilung braucht eine Kopie der Nutzungsbedingungen, wo finde ich sie?
A fatura deste mês veio maior porque adicionamos usuários, certo?""".splitlines()}
PER_TEMPLATE7 = {"none": 12}

# Round 10 (branch judge10): more wording families for what the fold study misses whole.
# Diagnosis on the fold study's misses only (`folds.py --misses`; the held-out files were not
# read): 2,058 of 7,091 escalation lines missed, nearly all whole templates read at p(none) ≈ 1 —
# a hand-off asked as "connect me with customer service" or "a phone number where I can reach
# someone", a third party acting on the account ("somebody outside our team edited ..."), an
# outage told as "not a single person can ...", a refund asked as "return the money". Round 9's
# who-did-what input marking did not help (docs/EVAL.md round 10): the model lacks the wordings,
# not the roles. New families for every escalation class, written for this round (no shared-data
# wording), a few routine twins that say the customer did it themselves, and es/fr/de/pt lines for
# the hard-rule classes. Drawn with their own random stream (ROUND10_SEED) after everything above,
# split by the same template hash (every earlier line is unchanged); each template also once as a
# chat message and once inside a long email. `--without-round10` writes the corpus without it.
ROUND10 = ROUND6 and "--without-round10" not in sys.argv[1:]
ROUND10_SEED = 1410
T10 = {}
T10["security_incident"] = """None of us added the new admin that showed up in our member list this morning.
Someone outside the company is replying to {thing} under my name.
There's a device signed in as me that I don't own, and I can't sign it out.
The recovery email on my account was changed to an address I've never seen.
Somebody downloaded all our {thing} last night using a former teammate's login.
I think I got phished, I typed my password into a fake sign-in page an hour ago.
The log shows API calls from a server none of us recognise.
Our webhook now points at a URL that isn't ours, and nobody here changed it.
Someone is logged in as our admin right now and it is not me.
People who were never invited can open our private {thing}.
My account sent invitations to strangers overnight, I didn't send them.
An account we removed in {month} is still reading our {thing}.""".splitlines()
T10["churn_risk"] = """We've decided to move the team to another tool at the end of {month}.
Honestly we're looking at alternatives because the price keeps climbing.
Management asked me to find a replacement for you by next quarter.
If {feature} isn't fixed this month, we're out.
How do I close our company account for good? We're moving on.
Please don't renew us automatically, we found something that fits better.
Our subscription ends soon and we won't be extending it.
We're cutting down on tools and yours is the one being dropped.
This is the last month we're paying for this.
Half the team already works in a competitor's app, the rest will follow.""".splitlines()
T10["outage"] = """Is your platform down? Nobody in our company gets past the sign-in page.
Everything has timed out for every user since about {n} o'clock.
We're getting server errors on every page, for all of our accounts.
Your app is completely dead for us, every screen is blank.
Is there an incident? Nothing has synced for any of our workspaces since this morning.
None of our automations have run since last night and the status page says all good.
The service was unavailable most of the day, that breaks the uptime you promised us.
The whole company is stuck, {feature} won't open for anyone.""".splitlines()
T10["billing_dispute"] = """You took {amount} from our account twice for the same invoice.
The renewal went through at a higher amount than we agreed on.
Why are we paying for {n} seats? We removed half of them last month.
We never approved this upgrade but the card was charged anyway.
I want the {amount} back, we cancelled before the renewal date.
The charge doesn't match our quote, please fix it and give us the difference back.
You billed us again after we closed the account.
A charge of {amount} showed up that nobody here can explain.
I'll raise it with my bank if the double payment isn't reversed.
Please credit us for the days the service didn't work.""".splitlines()
T10["pricing"] = """What would {n} users on {plan} come to per year?
Before I pitch this to {role}: roughly what does it cost?
Is there a discount if we pay two years up front?
What's the fee for adding {feature}?
What do nonprofits pay?
How much more per seat once we go past {n}?
Can you send me a quote for {n} licences?
How much do we save on {plan} if we're billed yearly?""".splitlines()
T10["legal_threat"] = """Our solicitor will be in touch about the lost data.
We are considering legal action over this breach of contract.
I've filed a complaint with the consumer protection office.
If this isn't resolved by Friday, we'll take it to arbitration.
Our attorneys are checking whether you broke the service agreement.
We will claim damages for the downtime.
I'm reporting you to the data protection regulator.
This is going to small claims court if I don't get my money.""".splitlines()
T10["human_requested"] = """Could a real person look at this instead of the automatic replies?
I need to speak with someone on your support staff, can you call me?
Put me through to your support team please.
Is there anyone I can talk to on the phone?
Escalate this to a human, the bot keeps sending me links.
I'd rather talk this through with one of your staff.
Can someone from your company give me a call this afternoon?
Hand this over to a supervisor, please.""".splitlines()
T10["privacy_request"] = """Under GDPR I'm asking you to delete all my personal data.
Please tell me what personal information you hold about me.
I withdraw my consent, stop processing my data.
Export all my personal data and send it to me.
Remove my name and email from all your systems, I no longer use the product.
As a California resident I'm asking you to delete my information.
Who do you share my personal data with? I want the full list.""".splitlines()
T10["none"] = """I signed in from a new laptop and got a security alert, that was me. Can I mark it as trusted?
We added a new admin this morning, how do they reach the admin panel?
I changed the recovery email myself, do I need to confirm it somewhere?
I'm travelling this week, will signing in from abroad lock my account?
We moved our old {thing} over from another tool, can we import the attachments too?
We're extending our subscription for another year, do we need a new order form?
How do I connect {feature} with our own customer service tool?
Is there a phone number field for contacts, so our team can call customers?""".splitlines()
ML10 = {
"security_incident": """Alguien entró a nuestra cuenta de administrador y ninguno de nosotros fue.
Quelqu'un a téléchargé nos dossiers cette nuit avec le compte d'un ancien collègue.
Jemand Fremdes hat unsere Webhooks auf eine andere Adresse umgestellt.
Alguém de fora está usando a minha conta para enviar convites.""".splitlines(),
"billing_dispute": """Nos cobraron la renovación por más de lo acordado.
Vous nous avez facturés après la fermeture du compte, je veux être remboursé.
Uns wurde ein Betrag abgebucht, den niemand erklären kann.
Cobraram duas vezes a mesma fatura, quero o dinheiro de volta.""".splitlines(),
"legal_threat": """Nuestro abogado se pondrá en contacto por los datos perdidos.
Nous allons saisir la justice pour rupture de contrat.
Unser Anwalt prüft, ob Sie den Vertrag gebrochen haben.
Vou registrar uma queixa no órgão de defesa do consumidor.""".splitlines(),
"human_requested": """Quiero hablar por teléfono con una persona de soporte.
Pouvez-vous me passer un conseiller, s'il vous plaît ?
Ich möchte mit einem echten Menschen aus Ihrem Support sprechen.
Alguém da equipe de vocês pode me ligar hoje?""".splitlines(),
"privacy_request": """Según el RGPD, borren todos mis datos personales.
Je retire mon consentement, cessez de traiter mes données.
Bitte teilen Sie mir mit, welche personenbezogenen Daten Sie über mich speichern.
Quero uma cópia de todos os meus dados pessoais.""".splitlines(),
"pricing": """¿Cuánto pagaríamos por {n} usuarios al año?
Quel est le tarif pour une association ?
Gibt es Rabatt, wenn wir zwei Jahre im Voraus zahlen?
Qual é o valor para {n} licenças?""".splitlines(),
}
PER_TEMPLATE10 = {"security_incident": 12, "churn_risk": 12, "billing_dispute": 10, "outage": 10,
                  "legal_threat": 10, "human_requested": 10, "pricing": 10,
                  "privacy_request": 10, "none": 8}

# Round 11 (branch judge11): routine hard negatives, more wording families, contrastive pairs.
# Diagnosis on the fold study's misses only (`folds.py --misses`; the held-out files were not
# read). (1) The model's routine false alarms on the folds are whole templates of a few kinds:
# a thank-you or "all sorted" that names a charge or a payment, growing or renewing with us read
# as churn, one integration that stopped read as an outage or churn, limits and quotas read as
# price questions, how-to questions about privacy and permission settings read as security
# incidents. (2) 166 escalation templates are missed whole (p(none) ≈ 1). (3) The wrong-reason
# pairs: privacy -> security ("erase my account and ..."), legal -> churn ("our legal options"),
# pricing -> churn ("match a competitor's offer"), churn -> pricing / legal, billing -> security
# ("money was taken from my account"). Families written for this round (no shared-data wording),
# drawn with their own random stream (ROUND11_SEED) after everything above, split by the same
# template hash (every earlier line is unchanged); each template also once as a chat message and
# once inside a long email. `--without-round11` writes the corpus without it (main's files);
# `--round11-parts negatives,families,contrast` keeps only the named parts (to measure each).
ROUND11 = ROUND10 and "--without-round11" not in sys.argv[1:]
ROUND11_SEED = 1411
T11N = {}  # step 1: routine hard negatives, by kind
T11N["none"] = """Thanks, the money is back on my card, all good now.
All sorted now, the payment went through and the receipt looks right.
Thanks for fixing the charge so quickly, everything matches our plan now.
Just confirming we got the credit note, no further action needed.
The extra charge was taken off our bill, appreciate the help.
Perfect, that answered it. Have a nice weekend.
Issue is gone after the update, thanks a lot, feel free to close the ticket.
We're rolling you out to {n} more people next month, how do we add them in bulk?
Our second department wants to join the same workspace, what's the best way to set that up?
We just renewed for another year, where can I download the order confirmation?
We've moved all our {thing} from spreadsheets into your app, how do we archive the old ones?
Loving it so far, we're bringing the sales team on board too, any onboarding guide?
We're switching our old {thing} over to your templates, can we keep the same names?
My calendar sync stopped updating since Monday, how do I reconnect it?
The Slack integration stopped posting in one channel, the others are fine, any idea why?
One of my automations didn't run last night, where do I see its error log?
Only my laptop shows a blank screen, my colleagues are fine, could it be my browser?
My export has been stuck at 90 percent for a while, should I start it again?
How many {thing} can a single workspace hold?
Is there a cap on file size for attachments?
What's the limit on automations per board?
How many guests can we invite to one project?
Do API rate limits differ between {plan} and the others?
Can guests see private {thing} or only the shared ones?
How do I make a board visible to admins only?
Where do I switch on two-factor login for the whole team?
How do I change the email address on the owner account?
Can I see which devices I'm signed in on, just to tidy them up?
How do I hide a member's email address from guests?
After I delete {thing}, how many days can I still restore them?
Where can I set how long we keep old activity logs?
How often are our {thing} backed up?
I deleted that board myself by accident, can I get it back?
I removed a teammate from the workspace by mistake, how do I add her again?
I reset my own password and now the app asks me to verify my email, is that normal?
I turned off the notifications myself, how do I turn them back on?
Who do I contact about writing a guest post for your blog?
Is there someone I can ask about partnering on a webinar?
Where do I see who on our team has admin rights?
Our bill went up this month, is that because we added {n} users?
We upgraded halfway through {month}, is that why the invoice is higher?
How do I change the card you charge every month?
Why was there a prorated amount after we added seats? Just want to understand how it works.
The invoice is higher because we added a seat, right? Just checking.
Our lawyer wants to read your terms of service before we sign, where are they?
Can you send our legal department the current subscription agreement?
Our in-house counsel asked whether your terms changed this year.
Does the app work without an internet connection?
Can I keep working offline on a flight and sync later?
Is there planned maintenance this weekend? Just planning ahead.
What happens to my changes if my wifi drops for a minute?""".splitlines()
ML11N = {"none": """¿Cuántos usuarios invitados podemos añadir a un proyecto?
Comment rendre un tableau visible uniquement par les administrateurs ?
Wo schalte ich die Zwei-Faktor-Anmeldung für das ganze Team ein?
Como faço para reconectar a sincronização do calendário?
Gracias, ya quedó resuelto lo del pago, pueden cerrar el caso.
Merci, le paiement est passé, tout est en ordre maintenant.
¿La aplicación funciona sin conexión?
Funktioniert die App auch offline?
O aplicativo funciona sem internet?""".splitlines()}
T11 = {}  # step 2: new wording families for the templates the fold study misses whole
T11["security_incident"] = """Sorry to bother you, but I'm fairly sure someone else has been using my login, there are {thing} I never made.
hacked?? my email on the account changed and i cant get in
Our API key ended up in a public repository and someone has already used it.
A person who left the company in {month} still opened our {thing} yesterday.
There are sessions on my account from a city I've never been to.
I got password reset emails I never asked for, and now my login doesn't work.
Our private {thing} were made public and nobody on our side did it.
A stranger could open our client list through a link that should be private.
How do I lock everyone out right now? Someone is deleting our {thing} as we speak.
Quick question about exports, and also: who is the unknown user that joined our workspace at 3 am?
Somebody changed the admin's phone number for two-factor, and it wasn't any of us.
We think a laptop with a logged-in session was stolen, what do we do?""".splitlines()
T11["churn_risk"] = """Honestly thinking about cancelling everything, this has been a rough month with you.
We're evaluating other vendors ahead of our renewal in {month}.
What's the notice period if we don't renew? We're switching.
ngl we're probably leaving after this
Our contract ends in {month} and frankly we see no reason to stay.
I've been a loyal customer for years but this is pushing me out the door.
We're migrating everything to another platform, how do we get our data out?
I can't justify this tool to {role} anymore, we're going to drop it.
If this happens one more time we're done with you.
We've already picked your replacement, just tell me how to stop the renewal.""".splitlines()
T11["outage"] = """Everyone in our office gets an error when they open the app, is it you or us?
nothing loads for anyone here since 9
Is your service down? Our whole team has been staring at a loading screen for an hour.
Every request to your API has failed for the last {n} minutes.
We can't work, the app is down for all {n} of us.
Your status page says operational but none of our users can sign in.
Sorry to chase, but the platform has been unreachable for our entire company since this morning.
All our scheduled {thing} stopped going out today, for every account.
down again?? nobody here can log in
The downtime this week broke your uptime commitment, we expect service credits.""".splitlines()
T11["billing_dispute"] = """We were billed for a plan we never chose.
My card was charged {amount} after I cancelled, please send it back.
charged twice this month?? pls fix
Sorry, I might be misreading this, but it looks like we paid for {month} twice.
A payment of {amount} went out that we never authorised.
You charged the old card after we updated our details, and then the new one as well.
The credit you promised us last month never showed up on the bill.
Our discount vanished from the last bill without any notice.
How do I get back the {amount} you took after the trial ended?
The seat count on our bill keeps going up although nobody new joined.""".splitlines()
T11["pricing"] = """What kind of budget should we plan for {n} people?
Ballpark, what does this cost a year for a team our size?
how much for {n} ppl
We need numbers for {plan} before {role} signs off.
Do you have an education discount?
What's the per-user rate once we pass {n} seats?
Is {feature} extra or part of {plan}?
Could you give us a better rate if we commit for three years?
What would we be looking at monthly for {n} users?""".splitlines()
T11["legal_threat"] = """We're taking legal advice about how you've handled our data.
Expect to hear from our lawyers.
This will be settled in court if it comes to that.
We've asked our legal team to draft a formal complaint against you.
I'm escalating this to the consumer ombudsman.
Our counsel will write to you about the breach of our agreement.
Consider this formal notice that we intend to recover our losses.
I'll be reporting this to the regulator tomorrow.""".splitlines()
T11["human_requested"] = """Can I speak to an actual person please?
I'd like someone from your team to phone me about this.
pls get a human, the bot isn't helping
Who can I call? I need to talk this through with a person.
Please pass this to someone senior on your team.
Is there a support line I can ring?
I want to talk to someone, not read another help article.
Can we get on a call with one of your support people today?""".splitlines()
T11["privacy_request"] = """Please erase all the personal data you keep on me.
I want a copy of my personal data under the GDPR.
Tell me which third parties you've passed my information to.
Delete everything you hold about me, I'm exercising my right to be forgotten.
I object to you using my data for marketing, stop it.
Send me a full export of my personal information, as the law allows.
Correct the personal details you store about me, they're wrong.""".splitlines()
ML11 = {
"security_incident": """Me robaron la contraseña y alguien está usando mi cuenta.
Quelqu'un s'est connecté à notre compte depuis un pays inconnu.
Unser Konto wurde übernommen, jemand hat das Passwort geändert.
Invadiram a minha conta e mudaram o e-mail.
Hackearon mi cuenta, ya no puedo entrar.
Un antiguo empleado sigue entrando en nuestro espacio de trabajo.
Notre clé API a été publiée par erreur et quelqu'un l'utilise.
Il y a une connexion à mon compte que je ne reconnais pas.
Ein Unbekannter hat sich in unser Admin-Konto eingeloggt.
Jemand hat meine Zwei-Faktor-Einstellungen ohne mich geändert.
Minha conta foi hackeada ontem à noite.
Tem um login estranho na minha conta que não fui eu.""".splitlines(),
"billing_dispute": """Este mes me cobraron doble y nadie me explica por qué.
On nous a prélevé un montant que nous n'avons jamais accepté.
Sie haben nach der Kündigung weiter abgebucht.
Fui cobrado depois de cancelar a assinatura.
No reconozco este cobro en mi tarjeta, ¿de dónde sale?
Voy a disputar este pago con el banco si no lo devuelven.
La facture compte des utilisateurs que nous avons supprimés.
Je ne reconnais pas ce paiement, remboursez-moi.
Diese Abbuchung kann ich mir nicht erklären, bitte zurückerstatten.
Ich lasse die Lastschrift von meiner Bank zurückholen.
Tem uma cobrança no cartão que eu não reconheço.
Cobraram a mais na renovação, quero a diferença de volta.""".splitlines(),
"legal_threat": """Vamos a emprender acciones legales contra ustedes.
Notre avocat va vous contacter au sujet de ce litige.
Wir schalten jetzt unseren Anwalt ein.
Vamos processar vocês se isso não for resolvido.
Presentaré una queja ante la autoridad de consumo.
Nuestro departamento jurídico ya está preparando una demanda.
Nous allons porter plainte contre votre société.
Je saisis le médiateur de la consommation.
Wir reichen Beschwerde bei der Datenschutzbehörde ein.
Unsere Rechtsabteilung bereitet eine Klage vor.
Vou abrir uma reclamação contra vocês no órgão regulador.
Nosso advogado vai entrar com uma ação.""".splitlines(),
"human_requested": """Necesito hablar con alguien de verdad, no con un bot.
Je voudrais parler à quelqu'un de votre équipe.
Kann ich bitte mit einem Mitarbeiter sprechen?
Quero falar com uma pessoa de verdade do suporte.
¿Me pueden llamar por teléfono hoy?
Páseme con alguien de soporte, por favor.
Est-ce que quelqu'un peut m'appeler aujourd'hui ?
Je veux un humain, pas un robot.
Bitte rufen Sie mich zurück.
Ich will einen Menschen sprechen, keinen Bot.
Alguém pode me ligar ainda hoje?
Me passa para uma pessoa de verdade, por favor.""".splitlines(),
"privacy_request": """Solicito la eliminación de todos mis datos personales.
Je demande une copie de toutes mes données personnelles.
Löschen Sie bitte alle meine personenbezogenen Daten.
Peço que eliminem todos os meus dados pessoais.
Quiero saber qué datos personales guardan de mí.
Retiro mi consentimiento para el tratamiento de mis datos.
Supprimez toutes les informations personnelles que vous avez sur moi.
Je veux savoir quelles données vous conservez sur moi.
Ich möchte eine Kopie meiner gespeicherten Daten.
Ich widerspreche der Verarbeitung meiner Daten.
Quero saber quais dados vocês guardam sobre mim.
Enviem uma cópia de todos os meus dados.""".splitlines(),
"pricing": """¿Cuánto costaría el plan anual para {n} personas?
¿Tienen descuento para ONG o escuelas?
Quel serait le prix pour toute l'équipe à l'année ?
Gibt es einen Rabatt für gemeinnützige Vereine?
Tem algum desconto se pagarmos o ano inteiro de uma vez?
Combien coûte l'abonnement pour {n} utilisateurs ?
Was kostet es pro Nutzer im Monat?
Quanto custa o plano para {n} pessoas?""".splitlines(),
}
T11C = {}  # step 3: contrastive families for the confused pairs
T11C["privacy_request"] = """Close my account and wipe every record tied to my email.
Remove my profile and all the data connected to my address, permanently.
Delete my user and anything you store under my name.
Please purge my account together with all my personal details.""".splitlines()
T11C["security_incident"] = """Someone wiped the data in my account and it wasn't me.
My account was deleted overnight by somebody I don't know.
An unknown person removed our members and changed the owner email.""".splitlines()
T11C["legal_threat"] = """We're weighing our legal options over this.
We're ready to pursue this through legal channels.
We'll take this further through the courts if needed.
Our next step is legal action, not another ticket.""".splitlines()
T11C["churn_risk"] = """We're weighing our options, probably another tool.
We're ready to move to a competitor at renewal.
This is the last invoice we'll be paying, we're leaving.
We're done after this billing cycle, please don't renew us.""".splitlines()
T11C["pricing"] = """Can you beat the rate another vendor offered us for {n} seats?
We're comparing tools, what would {n} seats cost with you?
A competitor quoted us {amount} a month, what would you charge?
What's your best offer for {n} users on {plan}?""".splitlines()
T11C["billing_dispute"] = """You took money from my card after I closed the workspace.
Funds were withdrawn from our account after we cancelled.
A payment left my bank account after I deleted my profile, please return it.""".splitlines()
PER_TEMPLATE11 = {"security_incident": 12, "churn_risk": 12, "billing_dispute": 10, "outage": 10,
                  "legal_threat": 10, "human_requested": 10, "pricing": 10,
                  "privacy_request": 10, "none": 8}

FILLER_OPEN = ["I hope this message finds you well.", "I hope you're having a good week.",
               "Thank you for your help so far.", "I'm writing on behalf of our team.",
               "Apologies for the long email.", "We have been using the product since {month}."]
FILLER_CLOSE = ["I would appreciate a reply at your earliest convenience.",
                "Please let me know if you need any further details from our side.",
                "Many thanks in advance for looking into this.",
                "I look forward to hearing from you.", "Thanks again for your time."]
CHAT = [("you ", "u "), ("please", "pls"), ("thanks", "thx"), (" are ", " r "),
        ("because", "bc"), ("going to", "gonna")]

def chat_style(s):
    s = s.lower().replace("'", "").replace("\u2019", "")
    for a, b in CHAT:
        if rng.random() < 0.6:
            s = s.replace(a, b)
    s = s.rstrip(".")
    return s + rng.choice(["", "", "??", "!!", " asap", " pls"])

def email_style(s):
    opener = rng.choice(["Dear support team,", "Hello,", "Good morning,", "Hi team,"])
    before = " ".join(fill(x) for x in rng.sample(FILLER_OPEN, 2))
    after = " ".join(fill(x) for x in rng.sample(FILLER_CLOSE, rng.randrange(1, 3)))
    sign = fill(rng.choice(["Kind regards, {person}", "Best wishes, {person}", "Regards, {person}"]))
    return unicode_variant(f"{opener} {before} {s} {after} {sign}")

def emit_styled(label, template, train, test, val):
    dest = test if heldout(label, template) else val if validation(label, template) else train
    start, original = len(dest), label
    label = RELABEL.get(template, label)
    if dest is train and (template in RELABEL or template in INVOICE_ACTIONS):
        dest = []
    name = label.split('_confusable')[0].split('_support')[0].split('_judge3')[0]
    for style in (chat_style, email_style):
        dest.append(f"__label__{name} " + " ".join(style(fill(template)).split()))
    note_folds(dest, train, start, original, template)

PER_TEMPLATE5 = {"pricing": 10, "billing_dispute": 10, "legal_threat": 10, "human_requested": 10,
                 "security_incident": 12, "privacy_request": 10, "outage": 10, "churn_risk": 12,
                 "none": 8}

PER_TEMPLATE = {"none_support": 10, "none_confusable": 12, "none": 6, "pricing": 10, "billing_dispute": 10, "legal_threat": 12,
                "human_requested": 11, "security_incident": 13, "privacy_request": 16,
                "outage": 18, "churn_risk": 22}
ML_PER_TEMPLATE = 5
PER_TEMPLATE["none_judge3"] = 10
PER_TEMPLATE4 = {"pricing": 10, "billing_dispute": 10, "legal_threat": 10, "human_requested": 10,
                 "security_incident": 12, "privacy_request": 10, "outage": 10, "churn_risk": 12,
                 "none": 8}
HELDOUT_EVERY = 5  # one template in five (by hash) is held out

def heldout(label, template):
    h = hashlib.sha256((label + "\t" + template).encode()).digest()
    return h[0] % HELDOUT_EVERY == 0

def validation(label, template):
    # Another one in five of the remaining templates (a different byte of the hash): carved from
    # the training data to choose the per-class probability thresholds; training never reads it.
    h = hashlib.sha256((label + "\t" + template).encode()).digest()
    return h[1] % HELDOUT_EVERY == 0

def fold(label, template):
    # The fold study's split of the TRAINING templates (a third byte of the same hash): with
    # `--folds DIR`, fold i's lines are held out of a model trained on the other folds.
    h = hashlib.sha256((label + "\t" + template).encode()).digest()
    return h[2] % FOLDS_K

FOLD_OF = {}  # a training line -> the fold of the template that first wrote it

def note_folds(dest, train, start, label, template):
    if dest is train:
        for line in train[start:]:
            FOLD_OF.setdefault(line, fold(label, template))

def emit(label, template, times, multilingual, train, test, val):
    seen = set()
    dest = test if heldout(label, template) else val if validation(label, template) else train
    start, original = len(dest), label
    label = RELABEL.get(template, label)  # after the split: a relabelled template keeps its place
    if dest is train and (template in RELABEL or template in INVOICE_ACTIONS):
        dest = []  # the billing_request rule's, never the model's (INVOICE_ACTIONS); drawn all
                   # the same, so the random stream of the templates after it does not move
    for _ in range(times * 3):
        if len(seen) >= times:
            break
        s = " ".join(variant(template, multilingual).split())
        if s and s not in seen:
            seen.add(s)
            dest.append(f"__label__{label.split('_confusable')[0].split('_support')[0].split('_judge3')[0]} {s}")
    note_folds(dest, train, start, original, template)

def main():
    train, test, val = [], [], []
    for label, ts in T.items():
        for t in ts:
            t = t.strip()
            if t:
                emit(label, t, PER_TEMPLATE[label], False, train, test, val)
    for label, ts in ML.items():
        for t in ts:
            t = t.strip()
            if t:
                emit(label, t, ML_PER_TEMPLATE, True, train, test, val)
    global rng
    main_rng, rng = rng, random.Random(EXTRA_SEED)
    for label, ts in T_EXTRA.items():
        for t in ts:
            t = t.strip()
            if t:
                emit(label, t, PER_TEMPLATE[label], False, train, test, val)
    for label, ts in ML_EXTRA.items():
        for t in ts:
            t = t.strip()
            if t:
                emit(label, t, ML_PER_TEMPLATE, True, train, test, val)
    rng = random.Random(ROUND4_SEED)
    for label, ts in T4.items():
        for t in ts:
            t = t.strip()
            if t:
                emit(label, t, PER_TEMPLATE4[label], False, train, test, val)
    for label, ts in ML4.items():
        for t in ts:
            t = t.strip()
            if t:
                emit(label, t, ML_PER_TEMPLATE, True, train, test, val)
    rng = random.Random(ROUND5_SEED)
    for label, ts in T5.items():
        for t in ts:
            t = t.strip()
            if t:
                emit(label, t, PER_TEMPLATE5[label], False, train, test, val)
    for label, ts in ML5.items():
        for t in ts:
            t = t.strip()
            if t:
                emit(label, t, ML_PER_TEMPLATE, True, train, test, val)
    rng = random.Random(ROUND6_SEED)
    for label, ts in (T6 if ROUND6 else {}).items():
        for t in ts:
            t = t.strip()
            if t:
                emit(label, t, PER_TEMPLATE6[label], False, train, test, val)
    for label, ts in (ML6 if ROUND6 else {}).items():
        for t in ts:
            t = t.strip()
            if t:
                emit(label, t, ML_PER_TEMPLATE, True, train, test, val)
    for group in (T, T_EXTRA, T4, T5, T6) if ROUND6 else ():
        for label, ts in group.items():
            for t in ts:
                t = t.strip()
                if t:
                    emit_styled(label, t, train, test, val)
    rng = random.Random(ROUND7_SEED)
    for label, ts in (T7 if ROUND7 else {}).items():
        for t in ts:
            t = t.strip()
            if t:
                emit(label, t, PER_TEMPLATE7[label], False, train, test, val)
    for label, ts in (ML7 if ROUND7 else {}).items():
        for t in ts:
            t = t.strip()
            if t:
                emit(label, t, ML_PER_TEMPLATE, True, train, test, val)
    for group in (T7, ML7) if ROUND7 else ():
        for label, ts in group.items():
            for t in ts:
                t = t.strip()
                if t:
                    emit_styled(label, t, train, test, val)
    rng = random.Random(ROUND10_SEED)
    for label, ts in (T10 if ROUND10 else {}).items():
        for t in ts:
            t = t.strip()
            if t:
                emit(label, t, PER_TEMPLATE10[label], False, train, test, val)
    for label, ts in (ML10 if ROUND10 else {}).items():
        for t in ts:
            t = t.strip()
            if t:
                emit(label, t, ML_PER_TEMPLATE, True, train, test, val)
    for group in (T10, ML10) if ROUND10 else ():
        for label, ts in group.items():
            for t in ts:
                t = t.strip()
                if t:
                    emit_styled(label, t, train, test, val)
    rng = random.Random(ROUND11_SEED)
    parts = flag_value("--round11-parts", "negatives,families").split(",")
    groups = ([(T11N, ML11N)] if "negatives" in parts else []) + \
             ([(T11, ML11)] if "families" in parts else []) + \
             ([(T11C, {})] if "contrast" in parts else [])
    for tg, mg in groups if ROUND11 else ():
        for label, ts in tg.items():
            for t in ts:
                t = t.strip()
                if t:
                    emit(label, t, PER_TEMPLATE11[label], False, train, test, val)
        for label, ts in mg.items():
            for t in ts:
                t = t.strip()
                if t:
                    emit(label, t, ML_PER_TEMPLATE, True, train, test, val)
        for group in (tg, mg):
            for label, ts in group.items():
                for t in ts:
                    t = t.strip()
                    if t:
                        emit_styled(label, t, train, test, val)
    rng = main_rng
    rng.shuffle(train)
    rng.shuffle(test)
    rng.shuffle(val)
    header = "# generated by data/intents/generate.py; one example per line: __label__CLASS text\n"
    if FOLDS_DIR:
        write_folds(train, val, header)
        return
    with open(os.path.join(HERE, "train.txt"), "w", encoding="utf-8") as f:
        f.write(header + "\n".join(train) + "\n")
    with open(os.path.join(HERE, "heldout.txt"), "w", encoding="utf-8") as f:
        f.write(header + "\n".join(test) + "\n")
    with open(os.path.join(HERE, "validation.txt"), "w", encoding="utf-8") as f:
        f.write(header + "\n".join(val) + "\n")

def write_folds(train, val, header):
    # DIR/fold<i>/{train,validation}.txt: a corpus folder without fold i's templates (thresholds
    # on the same validation.txt); DIR/fold<i>.txt: fold i's training lines, to measure on.
    committed = os.path.join(HERE, "train.txt")
    if open(committed, encoding="utf-8").read() != header + "\n".join(train) + "\n":
        print("note: the generated train.txt differs from the committed one (other flags?)",
              file=sys.stderr)
    for i in range(FOLDS_K):
        d = os.path.join(FOLDS_DIR, f"fold{i}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "train.txt"), "w", encoding="utf-8") as f:
            f.write(header + "\n".join(l for l in train if FOLD_OF[l] != i) + "\n")
        with open(os.path.join(d, "validation.txt"), "w", encoding="utf-8") as f:
            f.write(header + "\n".join(val) + "\n")
        with open(os.path.join(FOLDS_DIR, f"fold{i}.txt"), "w", encoding="utf-8") as f:
            f.write(header + "\n".join(l for l in train if FOLD_OF[l] == i) + "\n")

def flag_value(name, default):
    args = sys.argv[1:]
    return args[args.index(name) + 1] if name in args and args.index(name) + 1 < len(args) else default

# `--folds DIR [--k K]`: write the fold study's folders instead of the corpus files (folds.py).
FOLDS_DIR = flag_value("--folds", "")
FOLDS_K = int(flag_value("--k", "4"))

if __name__ == "__main__":
    main()
