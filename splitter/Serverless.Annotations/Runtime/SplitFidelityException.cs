using System;

namespace Serverless.Annotations.Runtime;

/// <summary>A value leaving its unit would not arrive intact in another unit (refused, or a failed round trip).</summary>
public sealed class SplitFidelityException : Exception
{
    /// <summary>Creates the exception for a variable and what is wrong with its value.</summary>
    public SplitFidelityException(string variable, string problem, Exception? innerException = null)
        : base($"Variable '{variable}' {problem}", innerException)
        => Variable = variable;

    /// <summary>Creates the exception with no variable.</summary>
    public SplitFidelityException()
        : base("A value leaving its unit would not arrive intact in another unit.")
        => Variable = string.Empty;

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public SplitFidelityException(string message, Exception innerException)
        : base(message, innerException)
        => Variable = string.Empty;

    /// <summary>The variable (argument, local or result) whose value is at fault.</summary>
    public string Variable { get; }
}
