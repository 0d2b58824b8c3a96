using System;

namespace Serverless.Annotations.Runtime;

/// <summary>A parameter of a splittable function: its name and runtime type.</summary>
public sealed class SplitFunctionParameter
{
    /// <summary>Creates a parameter description.</summary>
    public SplitFunctionParameter(string name, Type type)
    {
        Name = name;
        Type = type;
    }

    /// <summary>The parameter's name (also the variable name segments read it by).</summary>
    public string Name { get; }

    /// <summary>The parameter's type.</summary>
    public Type Type { get; }
}
