using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Serverless.Functions.Engine;

/// <summary>Runs <see cref="ServerlessOptions.Validate"/> at start-up, naming the setting to fix.</summary>
internal sealed class ServerlessOptionsValidator : IValidateOptions<ServerlessOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerlessOptions options)
    {
        var failures = options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage ?? "invalid").ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
