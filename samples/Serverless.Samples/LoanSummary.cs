namespace Serverless.Samples;

/// <summary>Result of <see cref="LoanSchedule.Amortize"/>: the monthly payment, totals and every row.</summary>
public sealed record LoanSummary(decimal MonthlyPayment, decimal TotalInterest, decimal TotalPaid, IReadOnlyList<LoanRow> Rows);

/// <summary>One month of a loan schedule.</summary>
public sealed record LoanRow(int Month, decimal Payment, decimal Interest, decimal Balance);
