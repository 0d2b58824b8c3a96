using System;

namespace Serverless.Annotations.Runtime;

/// <summary>Points at the generated <see cref="ISplitFunctionProvider"/> of an assembly so hosts can discover it.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class SplitFunctionProviderAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public SplitFunctionProviderAttribute(Type providerType) => ProviderType = providerType;

    /// <summary>A type with a public parameterless constructor implementing <see cref="ISplitFunctionProvider"/>.</summary>
    public Type ProviderType { get; }
}
