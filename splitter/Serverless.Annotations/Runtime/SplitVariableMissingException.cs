using System;

namespace Serverless.Annotations.Runtime;

/// <summary>A segment read a variable that the caller did not supply: the unit's inputs do not match the manifest.</summary>
public sealed class SplitVariableMissingException : Exception
{
    /// <summary>Creates the exception for a variable name.</summary>
    public SplitVariableMissingException(string variable)
        : base($"Variable '{variable}' was read by a segment but no value was supplied. Supply every input the manifest lists for the unit's segments.")
        => Variable = variable;

    /// <summary>Creates the exception with no variable.</summary>
    public SplitVariableMissingException()
        : base("A variable was read by a segment but no value was supplied.")
        => Variable = string.Empty;

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public SplitVariableMissingException(string message, Exception innerException)
        : base(message, innerException)
        => Variable = string.Empty;

    /// <summary>The variable that was missing.</summary>
    public string Variable { get; }
}
