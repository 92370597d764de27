// Made-up product documentation for the kb tests, so that behaviour is not tuned to the sample
// doc (data/kb): an invoicing app (Ledgerly, `##` sections under one `#` title, a linked table of
// contents, numbering, a fenced code block with `#` lines, a long section) and a thermostat
// (Thermly, several `#` top-level headings).
#pragma once
#include <string>

namespace fte::kb::testdocs {

inline const std::string kLedgerly = R"md(# Ledgerly Help Center

Welcome! This text comes before the first section and is not part of any chunk.

## Contents
- [Invoices](#invoices)
- [Customers](#customers)
- [Payments](#payments)
- [Account](#account)

## 1. Invoices

Invoices are the heart of Ledgerly.

### 1.1 Sending an Invoice
1. Open Invoices and click "New invoice"
2. Pick the client, add line items and taxes
3. Click "Send": the client receives an email with a secure payment link
4. Drafts are saved automatically

### 1.2 Recurring Invoices
- Turn any invoice into a recurring one from the invoice menu > "Make recurring"
- Schedules: weekly, monthly, quarterly or yearly
- Each occurrence is emailed automatically on its issue date
- Pause or stop a schedule at any time from Invoices > Recurring

### 1.3 Invoice Reminders
- Automatic reminders go out 3 days before and 7 days after the due date
- Customise the reminder wording in Settings > Reminders

## 2. Customers

### 2.1 Importing Customers
Upload a CSV file with the columns name, email and address from Customers > Import.
Up to 5,000 rows per file.

### 2.2 Merging Duplicate Customers
When two customer records describe the same client, open one of them and choose
"Merge with..." to combine their invoices and payment history.

## 3. Payments

### 3.1 Accepting Card Payments
Connect Stripe under Settings > Payments to accept Visa, Mastercard and Amex.

```bash
# this line is a shell comment, not a heading
ledgerly payments connect --provider stripe
```

### 3.2 Payouts
- Payouts arrive in your bank account within 2 business days
- The payout schedule can be daily or weekly
- Failed payouts are retried once; check your bank details under Settings > Payments

## 4. Account

### 4.1 Changing Your Email Address
Go to Profile > Email, enter the new address and confirm the link we send you.

### 4.2 Closing Your Account
To close (delete) your account, go to Profile > Close account. Outstanding invoices must be paid
or voided first. Your data is deleted after 30 days.

### 4.3 Audit Log
)md";

// Ledgerly with a long final section ("Account > Audit Log", ~3,000 characters in 12 paragraphs).
inline std::string ledgerly() {
  std::string doc = kLedgerly;
  for (int i = 1; i <= 12; ++i) {
    doc += "Paragraph " + std::to_string(i) +
           ": every change to an invoice, a customer or a payment is written to the audit log "
           "together with the user who made it, the time, and the old and new values. Entries "
           "are kept for seven years and can be filtered by user and date.\n\n";
  }
  return doc;
}

inline const std::string kThermly = R"md(# Installation
Turn off power at the breaker. Remove the old thermostat and label the wires (R, C, W, Y, G).
Mount the Thermly base plate and connect the labelled wires.

# Wi-Fi Setup
## Connecting to Wi-Fi
Hold the dial for 5 seconds until the screen shows "WIFI", then choose your 2.4 GHz network in
the Thermly app.

## Wi-Fi Troubleshooting
If the thermostat keeps disconnecting, move the router closer or disable band steering.

# Schedules
## Creating a Heating Schedule
In the app open Schedules > Add, pick the days and the target temperature for each period.

## Away Mode
Away mode lowers the temperature when every phone in the home has left the geofence.
)md";

}  // namespace fte::kb::testdocs
