using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Serverless.Local.Commands;
using Serverless.Local.Serve;
using Xunit;

namespace Serverless.Integration.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's Chromium, driven by Playwright) against `serverless serve` on Kestrel with
/// the real embedded engine: submit from the UI and watch it complete, edit an annotation and see the next plan move
/// (and a stale edit refused as a conflict), terminate a running execution, see an execution's auctions on the market page. Every page is screenshotted into
/// TestResults/screenshots and checked with axe for serious accessibility violations.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardBrowserTests(DashboardFixture fixture)
{
    private const string Loan = "Serverless.Samples.LoanSchedule.Amortize";
    private const string Risk = "Serverless.Samples.RiskAnalysis.Assess";

    [SkippableFact]
    public async Task SubmitFromTheUi_ExecutionCompletesWithTheDirectResult_AndEveryPageIsAccessible()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "#/");
        await page.Locator("#submit-function").SelectOptionAsync(Loan);
        await page.Locator("#submit-arguments").FillAsync("""{"principal":25000,"annualRatePercent":4.5,"months":36}""");
        await fixture.CheckAsync(page, "executions");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        // A hash route is a same-document navigation: poll the URL rather than wait for a load event.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/execution/"));
        await Assertions.Expect(page.Locator("[data-status]").First).ToHaveTextAsync("Completed", new() { Timeout = 120_000 });
        var id = Uri.UnescapeDataString(page.Url[(page.Url.IndexOf("#/execution/", StringComparison.Ordinal) + "#/execution/".Length)..]);

        // The page shows what the API says the execution returned, and that is the direct call's value.
        var state = await fixture.Http.GetFromJsonAsync<JsonElement>($"api/execution/{id}");
        var expected = JsonSerializer.Serialize(Serverless.Samples.LoanSchedule.Amortize(25000m, 4.5m, 36), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Equal(JsonDocument.Parse(expected).RootElement.GetProperty("monthlyPayment").GetDecimal(), state.GetProperty("result").GetProperty("monthlyPayment").GetDecimal());
        var shown = JsonDocument.Parse(await page.Locator("#result").TextContentAsync() ?? "null").RootElement;
        Assert.Equal(state.GetProperty("result").GetProperty("monthlyPayment").GetDecimal(), shown.GetProperty("monthlyPayment").GetDecimal());
        await Assertions.Expect(page.Locator(".pictures img")).ToHaveCountAsync(2, new() { Timeout = 30_000 });

        // Re-plans: one row per unit the API says left its planned region, or the sentence that none did.
        // The custom status is the engine's serialisation: its member names may be PascalCase.
        var custom = state.TryGetProperty("customStatus", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var replanList = custom.ValueKind == JsonValueKind.Object
            ? custom.EnumerateObject().FirstOrDefault(p => p.Name.Equals("replans", StringComparison.OrdinalIgnoreCase)).Value
            : default;
        var replans = replanList.ValueKind == JsonValueKind.Array ? replanList.GetArrayLength() : 0;
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Re-plans" })).ToBeVisibleAsync();
        if (replans == 0)
        {
            await Assertions.Expect(page.Locator("#replans")).ToHaveTextAsync("None: every unit ran in its planned region.");
        }
        else
        {
            var rows = page.GetByRole(AriaRole.Table, new() { Name = "Re-plans" }).Locator("tbody tr");
            await Assertions.Expect(rows).ToHaveCountAsync(replans);

            // Plan version 5: the re-planned makespan of the whole execution, as the API records it.
            var makespan = replanList[0].EnumerateObject().FirstOrDefault(p => p.Name.Equals("newMakespanMs", StringComparison.OrdinalIgnoreCase)).Value;
            if (makespan.ValueKind == JsonValueKind.Number)
            {
                await Assertions.Expect(rows.First.Locator("td").Nth(10)).ToHaveTextAsync($"{Math.Round(makespan.GetDouble(), MidpointRounding.AwayFromZero):0} ms");
            }
        }

        await fixture.CheckAsync(page, "execution");

        // The list shows it, and its link leads back to it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Executions", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = id })).ToBeVisibleAsync();
        await page.Locator("#filter-status").SelectOptionAsync("Completed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = id })).ToBeVisibleAsync();
        await page.Locator("#filter-status").SelectOptionAsync("Failed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = id })).ToHaveCountAsync(0);
        await page.CloseAsync();
    }

    [SkippableFact]
    public async Task EditAnnotation_NextPlanMovesToTheRegion_AndAStaleEditIsShownAsAConflict()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "#/functions");
        await fixture.CheckAsync(page, "functions");
        await page.GetByRole(AriaRole.Link, new() { Name = Loan }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-unit-region]").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var before = await page.Locator("[data-unit-region]").AllTextContentsAsync();
        var target = new[] { "eastus", "northeurope", "westeurope" }.First(r => r != before[0]);

        await page.Locator("#edit-regions").FillAsync(target);
        await page.Locator("#edit-strict").CheckAsync();
        await fixture.CheckAsync(page, "function");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save overrides" }).ClickAsync();
        await Assertions.Expect(page.Locator("#overrides")).ToContainTextAsync($"regions: {target} (strict)");
        await Assertions.Expect(page.Locator("[data-unit-region]").First).ToHaveTextAsync(target);
        Assert.All(await page.Locator("[data-unit-region]").AllTextContentsAsync(), region => Assert.Equal(target, region));

        // Someone else changes the annotations behind the page's back: the page's save is refused as a conflict, and
        // the other change stays.
        var view = await fixture.Http.GetFromJsonAsync<JsonElement>($"api/annotation/{Loan}");
        using var other = new HttpRequestMessage(HttpMethod.Post, "api/annotation/update")
        {
            Content = JsonContent.Create(new { function = Loan, resourceConstraint = new { memoryMb = 2048, timeoutSeconds = 120 } }),
        };
        other.Headers.TryAddWithoutValidation("If-Match", view.GetProperty("eTag").GetString());
        (await fixture.Http.SendAsync(other)).EnsureSuccessStatusCode();
        await page.Locator("#edit-memory").FillAsync("512");
        await page.Locator("#edit-timeout").FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save overrides" }).ClickAsync();
        await Assertions.Expect(page.Locator("#conflict")).ToContainTextAsync("Conflict");
        var after = await fixture.Http.GetFromJsonAsync<JsonElement>($"api/annotation/{Loan}");
        Assert.Equal(2048, after.GetProperty("overrides").GetProperty("resourceConstraint").GetProperty("memoryMb").GetInt32());
        await fixture.Screenshot(page, "function-conflict");

        // Put the annotations back for the other tests.
        using var reset = new HttpRequestMessage(HttpMethod.Post, "api/annotation/update")
        {
            Content = JsonContent.Create(new { function = Loan, geoPreference = (object?)null, resourceConstraint = (object?)null }),
        };
        reset.Headers.TryAddWithoutValidation("If-Match", after.GetProperty("eTag").GetString());
        (await fixture.Http.SendAsync(reset)).EnsureSuccessStatusCode();
        await page.CloseAsync();
    }

    [SkippableFact]
    public async Task TerminateARunningExecution_ItEndsTerminatedAndItsStateIsGone()
    {
        // A Monte Carlo long enough to be running when the button is pressed (the test waits for Running; no timing).
        var submit = await fixture.Http.PostAsJsonAsync("api/execution/submit", new
        {
            function = Risk,
            arguments = new { returns = new[] { 0.01, -0.02, 0.015, -0.01, 0.02 }, confidence = 0.95, simulations = 400_000_000 },
        });
        submit.EnsureSuccessStatusCode();
        var id = (await submit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + $"#/execution/{id}");
        await Assertions.Expect(page.Locator("[data-status]").First).ToHaveTextAsync("Running", new() { Timeout = 60_000 });
        await page.Locator("#terminate").ClickAsync();
        await Assertions.Expect(page.Locator("[data-status]").First).ToHaveTextAsync("Terminated", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#purge")).ToBeEnabledAsync();
        await fixture.Screenshot(page, "execution-terminated");

        var state = await fixture.Http.GetFromJsonAsync<JsonElement>($"api/execution/{id}");
        Assert.Equal("Terminated", state.GetProperty("runtimeStatus").GetString());
        Assert.Equal(0, await fixture.StoredVariablesAsync(id));

        // Purge from the UI: the execution is gone.
        await page.Locator("#purge").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/$"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await fixture.Http.GetAsync($"api/execution/{id}")).StatusCode);
        await page.CloseAsync();
    }

    [SkippableFact]
    public async Task MarketPage_AfterAnExecution_ShowsItsUnitsAuctionsWithTheWinnerAndTheBiddersOfItsRegion()
    {
        var submit = await fixture.Http.PostAsJsonAsync("api/execution/submit", new
        {
            function = Loan,
            arguments = new { principal = 9000, annualRatePercent = 3, months = 12 },
        });
        submit.EnsureSuccessStatusCode();
        var id = (await submit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        JsonElement state;
        var polls = 0;
        do
        {
            Assert.True(polls++ < 600, "the execution did not end");
            await Task.Delay(100);
            state = await fixture.Http.GetFromJsonAsync<JsonElement>($"api/execution/{id}");
        }
        while (state.GetProperty("runtimeStatus").GetString() is not ("Completed" or "Failed" or "Terminated"));
        Assert.Equal("Completed", state.GetProperty("runtimeStatus").GetString());
        var unit = state.GetProperty("units").EnumerateArray().First();
        var region = unit.GetProperty("region").GetString()!;
        var instance = unit.GetProperty("instance").GetString()!;

        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "#/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Market", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Market", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("nav a[aria-current=page]")).ToHaveTextAsync("Market");

        // The auction of the execution's unit, with the instance it ran on as the winner.
        var auctions = page.GetByRole(AriaRole.Table, new() { Name = "Recent auctions" });
        var row = auctions.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = id }) })
            .Filter(new() { Has = page.Locator("td:nth-child(3)", new() { HasTextString = unit.GetProperty("unit").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) }) });
        await Assertions.Expect(row.First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(row.First.Locator("[data-winner]")).ToHaveTextAsync(instance);
        await Assertions.Expect(row.First.Locator("li.won")).ToContainTextAsync(instance);

        // The bidders of its region, each with a utilisation bar.
        var market = await fixture.Http.GetFromJsonAsync<JsonElement>("api/market");
        var bidders = market.GetProperty("regions").EnumerateArray().Single(r => r.GetProperty("region").GetString() == region)
            .GetProperty("bidders").EnumerateArray().Select(b => b.GetProperty("id").GetString()!).ToList();
        Assert.Contains(instance, bidders);
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Bidders" });
        foreach (var bidder in bidders)
        {
            await Assertions.Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasTextString = bidder })).ToHaveCountAsync(1);
            await Assertions.Expect(page.GetByRole(AriaRole.Meter, new() { Name = $"Utilisation of {bidder}" })).ToBeVisibleAsync();
        }

        await fixture.CheckAsync(page, "market");
        await page.CloseAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard in a browser";
}

/// <summary>`serverless serve` on a free loopback port and one headless Chromium for the collection.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>Where Debian puts its Chromium (test.sh installs it); Playwright never downloads a browser here.</summary>
    public const string Chromium = "/usr/bin/chromium";

    private WebApplication? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string BaseUrl { get; private set; } = string.Empty;

    public HttpClient Http { get; private set; } = new();

    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            return;
        }

        _app = ServeCommand.CreateApp(new ServeSettings { Urls = "http://127.0.0.1:0" });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.TrimEnd('/') + "/";
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public async Task<IPage> NewPageAsync()
    {
        Skip.If(_browser is null, $"Browser tests need Debian's Chromium at {Chromium}; ./test.sh installs it (apt-get install chromium) when run as root.");
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.Contains("status of 4", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        page.Close += (_, _) => Assert.True(errors.Count == 0, "the page logged errors: " + string.Join(" | ", errors));
        return page;
    }

    /// <summary>A screenshot of the page into TestResults/screenshots, then axe: no serious or critical violation.</summary>
    public async Task CheckAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        await Screenshot(page, name);
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe on the {name} page: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }

    public async Task Screenshot(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    /// <summary>How many variables the engine's state store still holds for an execution.</summary>
    public async Task<int> StoredVariablesAsync(string executionId)
    {
        var engine = await _app!.Services.GetRequiredService<EngineHost>().GetAsync();
        return (await engine.Store.ListAsync(executionId, CancellationToken.None)).Count;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}
