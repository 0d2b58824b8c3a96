using System;

namespace Serverless.Annotations.Runtime;

/// <summary>A parameter of a splittable function: its name, runtime type and C# default value when it has one.</summary>
public sealed class SplitFunctionParameter
{
    /// <summary>Creates a parameter description without a default value.</summary>
    public SplitFunctionParameter(string name, Type type)
        : this(name, type, false, null)
    {
    }

    /// <summary>Creates a parameter description; <paramref name="defaultValue"/> counts only when <paramref name="hasDefaultValue"/>.</summary>
    public SplitFunctionParameter(string name, Type type, bool hasDefaultValue, object? defaultValue)
    {
        Name = name;
        Type = type;
        HasDefaultValue = hasDefaultValue;
        DefaultValue = hasDefaultValue ? defaultValue : null;
    }

    /// <summary>The parameter's name (also the variable name segments read it by).</summary>
    public string Name { get; }

    /// <summary>The parameter's type.</summary>
    public Type Type { get; }

    /// <summary>True when the parameter is optional in C# (<c>int count = 10</c>): an argument left out takes <see cref="DefaultValue"/>.</summary>
    public bool HasDefaultValue { get; }

    /// <summary>The C# default value (of <see cref="Type"/>), when <see cref="HasDefaultValue"/>.</summary>
    public object? DefaultValue { get; }
}
