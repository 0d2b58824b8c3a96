namespace Serverless.Splitting.Generator.Tests.Corpus;

/// <summary>Business code in the style of public line-of-business samples: invoices, carts, payroll, parsing.</summary>
internal static class BusinessCorpus
{
    public static IReadOnlyList<CorpusCase> All { get; } =
    [
        new("InvoiceTotals", """
            public sealed record Line(string Sku, int Quantity, decimal UnitPrice);

            [Serverless.Annotations.Splitable]
            public static decimal Run(List<Line> lines, string country)
            {
                if (lines.Count == 0)
                {
                    return 0m;
                }

                var subtotal = lines.Sum(l => l.Quantity * l.UnitPrice);
                var discount = subtotal switch
                {
                    >= 1000m => 0.10m,
                    >= 500m => 0.05m,
                    _ => 0m,
                };
                var rates = new Dictionary<string, decimal> { ["DE"] = 0.19m, ["FR"] = 0.20m, ["US"] = 0.07m };
                var taxRate = rates.TryGetValue(country, out var r) ? r : 0m;
                var net = subtotal * (1 - discount);
                var total = Math.Round(net * (1 + taxRate), 2, MidpointRounding.AwayFromZero);
                return total;
            }
            """,
            """{"lines":[{"sku":"a","quantity":3,"unitPrice":199.99},{"sku":"b","quantity":1,"unitPrice":450}],"country":"DE"}""",
            """{"lines":[],"country":"US"}"""),

        new("CouponDiscount", """
            [Serverless.Annotations.Splitable]
            public static string Run(decimal amount, string? coupon, bool member)
            {
                var code = (coupon ?? "").Trim().ToUpperInvariant();
                decimal off = code switch
                {
                    "TENOFF" => 10m,
                    "HALF" => amount / 2,
                    "" => 0m,
                    _ => -1m,
                };
                if (off < 0)
                {
                    return "invalid coupon " + code;
                }

                if (member) off += amount * 0.02m;
                var payable = Math.Max(0m, amount - off);
                return payable.ToString("F2", CultureInfo.InvariantCulture);
            }
            """, """{"amount":80.5,"coupon":" tenoff ","member":true}""", """{"amount":20,"coupon":"bogus","member":false}"""),

        new("ShippingTiers", """
            [Serverless.Annotations.Splitable]
            public static decimal Run(double weightKg, string zone, bool express)
            {
                decimal baseRate;
                if (weightKg <= 1) baseRate = 4.99m;
                else if (weightKg <= 5) baseRate = 9.99m;
                else if (weightKg <= 20) baseRate = 19.99m;
                else baseRate = 19.99m + (decimal)Math.Ceiling(weightKg - 20) * 1.5m;

                var zoneFactor = zone switch { "domestic" => 1m, "eu" => 1.4m, _ => 2.2m };
                var cost = baseRate * zoneFactor;
                if (express) cost *= 1.75m;
                return Math.Round(cost, 2);
            }
            """, """{"weightKg":23.4,"zone":"eu","express":true}""", """{"weightKg":0.5,"zone":"domestic","express":false}"""),

        new("PayrollOvertime", """
            public sealed record Payslip(decimal Regular, decimal Overtime, decimal Gross, decimal Tax, decimal Net);

            [Serverless.Annotations.Splitable]
            public static Payslip Run(double[] dailyHours, decimal hourlyRate)
            {
                var regularHours = 0.0;
                var overtimeHours = 0.0;
                foreach (var h in dailyHours)
                {
                    regularHours += Math.Min(h, 8);
                    overtimeHours += Math.Max(0, h - 8);
                }

                var regular = (decimal)regularHours * hourlyRate;
                var overtime = (decimal)overtimeHours * hourlyRate * 1.5m;
                var gross = regular + overtime;
                var tax = gross > 1000 ? Math.Round((gross - 1000) * 0.3m + 100, 2) : Math.Round(gross * 0.1m, 2);
                return new Payslip(regular, overtime, gross, tax, gross - tax);
            }
            """, """{"dailyHours":[8,9.5,10,7,12],"hourlyRate":22.5}""", """{"dailyHours":[],"hourlyRate":10}"""),

        new("LoyaltyTiers", """
            public enum Tier { Bronze, Silver, Gold }

            public sealed record Customer(string Name, int Points, DateTime Since);

            [Serverless.Annotations.Splitable]
            public static string Run(Customer customer, DateTime asOf)
            {
                var years = (asOf - customer.Since).TotalDays / 365.25;
                var bonus = years >= 5 ? 500 : years >= 2 ? 200 : 0;
                var points = customer.Points + bonus;
                var tier = points switch { >= 5000 => Tier.Gold, >= 1000 => Tier.Silver, _ => Tier.Bronze };
                var upgraded = customer with { Points = points };
                return $"{upgraded.Name}:{tier}:{upgraded.Points}";
            }
            """,
            """{"customer":{"name":"Ada","points":900,"since":"2019-03-01T00:00:00"},"asOf":"2026-01-15T00:00:00"}""",
            """{"customer":{"name":"Bo","points":6000,"since":"2025-12-01T00:00:00"},"asOf":"2026-01-15T00:00:00"}"""),

        new("InventoryReorder", """
            [Serverless.Annotations.Splitable]
            public static List<string> Run(Dictionary<string, int> stock, string[] orderedSkus, int reorderLevel)
            {
                foreach (var sku in orderedSkus)
                {
                    if (stock.ContainsKey(sku)) stock[sku] -= 1;
                }

                var reorder = new List<string>();
                foreach (var (sku, qty) in stock.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (qty <= reorderLevel) reorder.Add($"{sku}:{qty}");
                }

                return reorder;
            }
            """, """{"stock":{"a":3,"b":1,"c":10},"orderedSkus":["a","a","b","z"],"reorderLevel":1}""", """{"stock":{},"orderedSkus":[],"reorderLevel":0}"""),

        new("CartHelperFillsList", """
            public sealed record CartLine(string Sku, int Quantity, decimal Price);

            private static void AddLine(List<CartLine> cart, string sku, int quantity, decimal price)
            {
                var existing = cart.FindIndex(l => l.Sku == sku);
                if (existing >= 0) cart[existing] = cart[existing] with { Quantity = cart[existing].Quantity + quantity };
                else cart.Add(new CartLine(sku, quantity, price));
            }

            [Serverless.Annotations.Splitable]
            public static string Run(string[] skus, decimal[] prices)
            {
                var cart = new List<CartLine>();
                for (var i = 0; i < skus.Length; i++)
                {
                    AddLine(cart, skus[i], 1, prices[i]);
                }

                var total = cart.Sum(l => l.Quantity * l.Price);
                return $"{cart.Count} lines, {total.ToString(CultureInfo.InvariantCulture)}";
            }
            """, """{"skus":["a","b","a","c"],"prices":[1.5,2,1.5,10]}""", """{"skus":[],"prices":[]}"""),

        new("HelperNormalizesParameter", """
            private static void Normalize(double[] v)
            {
                var norm = Math.Sqrt(v.Sum(x => x * x));
                if (norm == 0) return;
                for (var i = 0; i < v.Length; i++) v[i] /= norm;
            }

            [Serverless.Annotations.Splitable]
            public static double[] Run(double[] weights)
            {
                Normalize(weights);
                var rounded = weights.Select(w => Math.Round(w, 4)).ToArray();
                return rounded;
            }
            """, """{"weights":[3,4,0]}""", """{"weights":[0,0]}"""),

        new("ListSortParameter", """
            [Serverless.Annotations.Splitable]
            public static string Run(List<decimal> prices)
            {
                prices.Sort();
                var cheapest = prices.Count > 0 ? prices[0] : 0m;
                var priciest = prices.Count > 0 ? prices[^1] : 0m;
                return $"{cheapest}..{priciest}";
            }
            """, """{"prices":[9.99,1.5,4,20]}""", """{"prices":[]}"""),

        new("ExpenseGroupBy", """
            public sealed record Expense(string Category, decimal Amount, string Month);

            [Serverless.Annotations.Splitable]
            public static Dictionary<string, decimal> Run(List<Expense> expenses, string month)
            {
                var inMonth = expenses.Where(e => e.Month == month).ToList();
                var byCategory = inMonth.GroupBy(e => e.Category).ToDictionary(g => g.Key, g => g.Sum(e => e.Amount));
                var total = byCategory.Values.Sum();
                byCategory["_total"] = total;
                return byCategory;
            }
            """,
            """{"expenses":[{"category":"travel","amount":120,"month":"2026-01"},{"category":"food","amount":30.5,"month":"2026-01"},{"category":"travel","amount":80,"month":"2026-02"},{"category":"food","amount":12,"month":"2026-01"}],"month":"2026-01"}""",
            """{"expenses":[],"month":"2026-03"}"""),

        new("ProgressiveTax", """
            [Serverless.Annotations.Splitable]
            public static decimal Run(decimal income)
            {
                decimal[] limits = [10000m, 40000m, 100000m];
                decimal[] rates = [0m, 0.2m, 0.4m, 0.45m];
                var tax = 0m;
                var lower = 0m;
                for (var i = 0; i < rates.Length; i++)
                {
                    var upper = i < limits.Length ? limits[i] : decimal.MaxValue;
                    if (income <= lower) break;
                    tax += (Math.Min(income, upper) - lower) * rates[i];
                    lower = upper;
                }

                return Math.Round(tax, 2);
            }
            """, """{"income":125000}""", """{"income":5000}"""),

        new("CurrencyConversionTryCatch", """
            [Serverless.Annotations.Splitable]
            public static string Run(decimal amount, string from, string to)
            {
                var perEuro = new Dictionary<string, decimal> { ["EUR"] = 1m, ["USD"] = 1.08m, ["GBP"] = 0.86m, ["JPY"] = 160.2m };
                decimal converted;
                try
                {
                    converted = amount / perEuro[from] * perEuro[to];
                }
                catch (KeyNotFoundException)
                {
                    return "unknown currency";
                }

                var rounded = Math.Round(converted, to == "JPY" ? 0 : 2);
                return rounded.ToString(CultureInfo.InvariantCulture) + " " + to;
            }
            """, """{"amount":250,"from":"USD","to":"GBP"}""", """{"amount":1,"from":"EUR","to":"XYZ"}"""),

        new("InstallmentSchedule", """
            [Serverless.Annotations.Splitable]
            public static List<string> Run(decimal total, int count, DateTime firstDue)
            {
                var schedule = new List<string>();
                var share = Math.Floor(total / count * 100) / 100;
                var remainder = total - (share * count);
                for (var i = 0; i < count; i++)
                {
                    var amount = i == count - 1 ? share + remainder : share;
                    schedule.Add(firstDue.AddMonths(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " " + amount.ToString(CultureInfo.InvariantCulture));
                }

                return schedule;
            }
            """, """{"total":100,"count":3,"firstDue":"2026-01-31T00:00:00"}""", """{"total":50,"count":1,"firstDue":"2026-06-01T00:00:00"}"""),

        new("BankAccountPrivateState", """
            public sealed class Account
            {
                private decimal _balance;
                private readonly List<string> _log = new();

                public decimal Balance => _balance;

                public void Deposit(decimal amount) { _balance += amount; _log.Add("+" + amount); }

                public bool Withdraw(decimal amount)
                {
                    if (amount > _balance) { _log.Add("declined " + amount); return false; }
                    _balance -= amount;
                    _log.Add("-" + amount);
                    return true;
                }

                public string Statement() => string.Join(" ", _log) + " = " + _balance;
            }

            [Serverless.Annotations.Splitable]
            public static string Run(decimal[] deposits, decimal[] withdrawals)
            {
                var account = new Account();
                foreach (var d in deposits) account.Deposit(d);
                foreach (var w in withdrawals) account.Withdraw(w);
                return account.Statement();
            }
            """, """{"deposits":[100,50],"withdrawals":[30,500]}""", """{"deposits":[],"withdrawals":[1]}"""),

        new("LedgerSortsArgument", """
            public sealed record Entry(string Date, decimal Amount);

            public sealed class Ledger
            {
                public decimal Post(List<Entry> entries)
                {
                    entries.Sort((x, y) => string.CompareOrdinal(x.Date, y.Date));
                    return entries.Sum(e => e.Amount);
                }
            }

            [Serverless.Annotations.Splitable]
            public static string Run(List<Entry> entries)
            {
                var ledger = new Ledger();
                var posted = ledger.Post(entries);
                var first = entries.Count > 0 ? entries[0].Date : "-";
                return first + " " + posted;
            }
            """,
            """{"entries":[{"date":"2026-03-01","amount":5},{"date":"2026-01-10","amount":7.5},{"date":"2026-02-02","amount":-2}]}""",
            """{"entries":[]}"""),

        new("ConstThreshold", """
            [Serverless.Annotations.Splitable]
            public static int Run(int[] readings)
            {
                const int Threshold = 50;
                var alarms = 0;
                foreach (var r in readings) if (r > Threshold) alarms++;
                var severity = alarms * Threshold;
                return severity;
            }
            """, """{"readings":[10,60,70,20,51]}""", """{"readings":[]}"""),

        new("KeyValueConfigParse", """
            [Serverless.Annotations.Splitable]
            public static Dictionary<string, string> Run(string config)
            {
                var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var pair in config.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var eq = pair.IndexOf('=');
                    if (eq <= 0) continue;
                    settings[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
                }

                if (!settings.ContainsKey("timeout")) settings["timeout"] = "30";
                return settings;
            }
            """, """{"config":"Host = example.org; port=443;;bad; TIMEOUT=5"}""", """{"config":""}"""),

        new("CsvOrderParse", """
            public sealed record OrderRow(string Id, int Quantity, decimal Price);

            [Serverless.Annotations.Splitable]
            public static List<OrderRow> Run(string csv)
            {
                var rows = new List<OrderRow>();
                var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                foreach (var line in lines.Skip(1))
                {
                    var cells = line.Split(',');
                    if (cells.Length != 3) continue;
                    if (!int.TryParse(cells[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var qty)) continue;
                    var price = decimal.Parse(cells[2], CultureInfo.InvariantCulture);
                    rows.Add(new OrderRow(cells[0].Trim(), qty, price));
                }

                rows.Sort((a, b) => b.Price.CompareTo(a.Price));
                return rows;
            }
            """, """{"csv":"id,qty,price\no1,2,9.50\no2,x,1\no3,1,12.25\nbad\n"}""", """{"csv":"id,qty,price\n"}"""),

        new("TokenizeArithmetic", """
            [Serverless.Annotations.Splitable]
            public static string Run(string expression)
            {
                var tokens = new List<string>();
                var i = 0;
                while (i < expression.Length)
                {
                    var c = expression[i];
                    if (char.IsWhiteSpace(c)) { i++; continue; }
                    if (char.IsDigit(c))
                    {
                        var start = i;
                        while (i < expression.Length && char.IsDigit(expression[i])) i++;
                        tokens.Add(expression[start..i]);
                        continue;
                    }

                    tokens.Add(c.ToString());
                    i++;
                }

                var total = 0;
                var sign = 1;
                foreach (var t in tokens)
                {
                    if (t == "+") sign = 1;
                    else if (t == "-") sign = -1;
                    else total += sign * int.Parse(t, CultureInfo.InvariantCulture);
                }

                return string.Join("|", tokens) + "=" + total;
            }
            """, """{"expression":"12 + 30 - 7 + 1"}""", """{"expression":""}"""),

        new("OrderStatusMachine", """
            public enum Status { Created, Paid, Shipped, Delivered, Cancelled }

            [Serverless.Annotations.Splitable]
            public static string Run(string[] events)
            {
                var status = Status.Created;
                var history = new List<Status> { status };
                foreach (var e in events)
                {
                    var next = (status, e) switch
                    {
                        (Status.Created, "pay") => Status.Paid,
                        (Status.Created or Status.Paid, "cancel") => Status.Cancelled,
                        (Status.Paid, "ship") => Status.Shipped,
                        (Status.Shipped, "deliver") => Status.Delivered,
                        _ => status,
                    };
                    if (next != status) history.Add(next);
                    status = next;
                }

                return string.Join(">", history);
            }
            """, """{"events":["pay","ship","cancel","deliver"]}""", """{"events":["cancel","pay"]}"""),

        new("MutableStructFields", """
            public struct Totals
            {
                public int Count;
                public decimal Sum;
            }

            [Serverless.Annotations.Splitable]
            public static string Run(decimal[] amounts)
            {
                var totals = new Totals();
                foreach (var a in amounts) { totals.Count++; totals.Sum += a; }
                var average = totals.Count == 0 ? 0 : totals.Sum / totals.Count;
                return $"{totals.Count} {average:F2}";
            }
            """, """{"amounts":[10,20,45.5]}""", """{"amounts":[]}"""),

        new("NullableBestOffer", """
            public sealed record Offer(string Vendor, decimal Price, int DeliveryDays);

            [Serverless.Annotations.Splitable]
            public static string Run(List<Offer> offers, int maxDays)
            {
                Offer? best = null;
                foreach (var o in offers)
                {
                    if (o.DeliveryDays > maxDays) continue;
                    if (best is null || o.Price < best.Price) best = o;
                }

                if (best is null)
                {
                    return "no offer";
                }

                var saving = offers.Max(o => o.Price) - best.Price;
                return $"{best.Vendor} saves {saving}";
            }
            """,
            """{"offers":[{"vendor":"a","price":10,"deliveryDays":5},{"vendor":"b","price":8,"deliveryDays":9},{"vendor":"c","price":9,"deliveryDays":2}],"maxDays":5}""",
            """{"offers":[{"vendor":"a","price":10,"deliveryDays":5}],"maxDays":1}"""),

        new("ValidationThrows", """
            [Serverless.Annotations.Splitable]
            public static decimal Run(decimal price, int quantity)
            {
                if (quantity <= 0) throw new ArgumentOutOfRangeException(nameof(quantity), "quantity must be positive");
                var gross = price * quantity;
                if (gross > 10000m) throw new InvalidOperationException("order needs approval: " + gross);
                var net = gross * 0.95m;
                return net;
            }
            """, """{"price":12.5,"quantity":4}""", """{"price":5,"quantity":0}""", """{"price":5000,"quantity":3}"""),

        new("RecordWithListMember", """
            public sealed class Basket
            {
                public string Owner { get; set; } = "";
                public List<string> Items { get; set; } = new();
            }

            [Serverless.Annotations.Splitable]
            public static string Run(string owner, string[] items)
            {
                var basket = new Basket { Owner = owner };
                var items2 = basket.Items;
                foreach (var i in items) items2.Add(i.ToUpperInvariant());
                return basket.Owner + ":" + string.Join(",", basket.Items);
            }
            """, """{"owner":"kim","items":["tea","milk"]}""", """{"owner":"lee","items":[]}"""),

        new("TupleLocals", """
            [Serverless.Annotations.Splitable]
            public static string Run(int[] values)
            {
                var stats = (Min: values.DefaultIfEmpty().Min(), Max: values.DefaultIfEmpty().Max());
                var range = stats.Max - stats.Min;
                var (lo, hi) = stats;
                return $"{lo}..{hi} ({range})";
            }
            """, """{"values":[4,-2,9]}""", """{"values":[]}"""),

        new("LinqSalesReport", """
            public sealed record Sale(string Region, string Product, int Units, decimal Price);

            public sealed record RegionTotal(string Region, decimal Revenue, string TopProduct);

            [Serverless.Annotations.Splitable]
            public static List<RegionTotal> Run(List<Sale> sales)
            {
                var valid = sales.Where(s => s.Units > 0).ToList();
                var byRegion = valid.GroupBy(s => s.Region).OrderBy(g => g.Key, StringComparer.Ordinal);
                var totals = byRegion.Select(g => new RegionTotal(
                    g.Key,
                    g.Sum(s => s.Units * s.Price),
                    g.GroupBy(s => s.Product).OrderByDescending(p => p.Sum(s => s.Units)).ThenBy(p => p.Key, StringComparer.Ordinal).First().Key)).ToList();
                return totals;
            }
            """,
            """{"sales":[{"region":"n","product":"x","units":3,"price":2},{"region":"s","product":"y","units":1,"price":5},{"region":"n","product":"y","units":4,"price":1},{"region":"s","product":"x","units":0,"price":9}]}""",
            """{"sales":[]}"""),

        new("EmailMasking", """
            [Serverless.Annotations.Splitable]
            public static string[] Run(string[] emails)
            {
                var masked = new string[emails.Length];
                for (var i = 0; i < emails.Length; i++)
                {
                    var at = emails[i].IndexOf('@');
                    if (at <= 1) { masked[i] = emails[i]; continue; }
                    masked[i] = emails[i][0] + new string('*', at - 1) + emails[i][at..];
                }

                Array.Sort(masked, StringComparer.Ordinal);
                return masked;
            }
            """, """{"emails":["zoe@example.org","a@b.c","bob.smith@mail.net"]}""", """{"emails":[]}"""),

        new("PricingMatrixLookup", """
            [Serverless.Annotations.Splitable]
            public static decimal Run(string plan, int seats, int months)
            {
                var monthly = new Dictionary<string, decimal[]>
                {
                    ["basic"] = [10m, 9m, 8m],
                    ["pro"] = [25m, 22m, 20m],
                };
                if (!monthly.TryGetValue(plan, out var tiers))
                {
                    return -1m;
                }

                var tier = seats >= 50 ? 2 : seats >= 10 ? 1 : 0;
                var price = tiers[tier] * seats * months;
                if (months >= 12) price *= 0.85m;
                return price;
            }
            """, """{"plan":"pro","seats":12,"months":12}""", """{"plan":"gold","seats":1,"months":1}"""),

        new("SharedCounterDictionary", """
            [Serverless.Annotations.Splitable]
            public static string Run(string[] visits)
            {
                var byPage = new Dictionary<string, int>(StringComparer.Ordinal);
                var counter = byPage;
                foreach (var v in visits) counter[v] = counter.GetValueOrDefault(v) + 1;
                var pages = byPage.Keys.OrderBy(k => k, StringComparer.Ordinal).Select(k => k + "=" + byPage[k]);
                return string.Join(",", pages);
            }
            """, """{"visits":["home","cart","home","pay"]}""", """{"visits":[]}"""),

        new("ListElementAlias", """
            public sealed class Bucket
            {
                public string Name { get; set; } = "";
                public int Total { get; set; }
            }

            [Serverless.Annotations.Splitable]
            public static string Run(int[] amounts)
            {
                var buckets = new List<Bucket> { new() { Name = "small" }, new() { Name = "large" } };
                var small = buckets[0];
                var large = buckets[1];
                foreach (var a in amounts)
                {
                    if (a < 10) small.Total += a;
                    else large.Total += a;
                }

                return string.Join(",", buckets.Select(b => b.Name + "=" + b.Total));
            }
            """, """{"amounts":[1,20,3,40]}""", """{"amounts":[]}"""),
        new("InstanceOptionalConstructor", """
            private readonly decimal _vatRate;

            public InstanceOptionalConstructor(decimal vatRate = 0.2m) => _vatRate = vatRate;

            [Serverless.Annotations.Splitable]
            public decimal Run(decimal[] netPrices)
            {
                var net = netPrices.Sum();
                var vat = Math.Round(net * _vatRate, 2);
                var gross = net + vat;
                return gross;
            }
            """, """{"netPrices":[10,20.5]}""", """{"netPrices":[]}""") { Instance = true },

        new("StaticReadonlyCulture", """
            private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

            [Serverless.Annotations.Splitable]
            public static string Run(decimal[] amounts)
            {
                var total = amounts.Sum();
                var text = total.ToString("N2", Culture);
                var parsed = decimal.Parse(text, NumberStyles.Number, Culture);
                return text + "|" + (parsed == Math.Round(total, 2));
            }
            """, """{"amounts":[1234.5,0.125]}""", """{"amounts":[]}"""),

        new("StaticCounterWrite", """
            private static int _calls;

            [Serverless.Annotations.Splitable]
            public static string Run(string[] names)
            {
                var before = _calls;
                _calls = 0;
                var greeted = new List<string>();
                foreach (var n in names)
                {
                    greeted.Add("hi " + n);
                    _calls++;
                }

                var calls = _calls;
                _calls = before;
                return string.Join(", ", greeted) + " (" + calls + ")";
            }
            """, """{"names":["ann","bo"]}""", """{"names":[]}"""),
    ];
}
