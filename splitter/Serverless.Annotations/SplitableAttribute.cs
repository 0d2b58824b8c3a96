using System;

namespace Serverless.Annotations;

/// <summary>
/// Marks a method whose body Serverless Splitter may split into sub-components (one per top-level
/// statement) and run across regions. A method the analysis cannot split still runs, unsplit.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class SplitableAttribute : Attribute
{
}
