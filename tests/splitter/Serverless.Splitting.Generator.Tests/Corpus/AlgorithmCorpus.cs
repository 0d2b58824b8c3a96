namespace Serverless.Splitting.Generator.Tests.Corpus;

/// <summary>Algorithm code in the style of public algorithm repositories: sorting, searching, matrices, strings.</summary>
internal static class AlgorithmCorpus
{
    public static IReadOnlyList<CorpusCase> All { get; } =
    [
        new("BubbleSortInPlace", """
            [Serverless.Annotations.Splitable]
            public static int[] Run(int[] a)
            {
                var n = a.Length;
                for (var i = 0; i < n - 1; i++)
                {
                    for (var j = 0; j < n - i - 1; j++)
                    {
                        if (a[j] > a[j + 1])
                        {
                            (a[j], a[j + 1]) = (a[j + 1], a[j]);
                        }
                    }
                }

                return a;
            }
            """, """{"a":[5,1,4,2,8,0,-3]}""", """{"a":[]}"""),

        new("InsertionSortList", """
            [Serverless.Annotations.Splitable]
            public static List<int> Run(List<int> items)
            {
                var sorted = new List<int>();
                foreach (var item in items)
                {
                    var k = 0;
                    while (k < sorted.Count && sorted[k] < item)
                    {
                        k++;
                    }

                    sorted.Insert(k, item);
                }

                var count = sorted.Count;
                sorted.Add(count);
                return sorted;
            }
            """, """{"items":[9,3,7,3,1]}""", """{"items":[2]}"""),

        new("SelectionSortClone", """
            [Serverless.Annotations.Splitable]
            public static string Run(int[] values)
            {
                var copy = (int[])values.Clone();
                for (var i = 0; i < copy.Length; i++)
                {
                    var min = i;
                    for (var j = i + 1; j < copy.Length; j++)
                    {
                        if (copy[j] < copy[min]) min = j;
                    }

                    var t = copy[i];
                    copy[i] = copy[min];
                    copy[min] = t;
                }

                var original = string.Join(",", values);
                var result = string.Join(",", copy);
                return original + " -> " + result;
            }
            """, """{"values":[3,-1,2,10,0]}""", """{"values":[1]}"""),

        new("ArraySortMedian", """
            [Serverless.Annotations.Splitable]
            public static double Run(double[] samples)
            {
                var data = samples.ToArray();
                Array.Sort(data);
                if (data.Length == 0)
                {
                    return double.NaN;
                }

                var mid = data.Length / 2;
                var median = data.Length % 2 == 1 ? data[mid] : (data[mid - 1] + data[mid]) / 2;
                return median;
            }
            """, """{"samples":[4.5,1.25,9,3,7.5,2]}""", """{"samples":[10,1,5]}"""),

        new("ArraySortParameter", """
            [Serverless.Annotations.Splitable]
            public static string Run(int[] scores, int top)
            {
                Array.Sort(scores);
                Array.Reverse(scores);
                var best = scores.Take(top).ToArray();
                return string.Join(",", best);
            }
            """, """{"scores":[40,90,10,70,55],"top":3}""", """{"scores":[1,2],"top":5}"""),

        new("BinarySearchSorted", """
            [Serverless.Annotations.Splitable]
            public static int Run(int[] haystack, int needle)
            {
                var sorted = haystack.OrderBy(x => x).ToArray();
                var lo = 0;
                var hi = sorted.Length - 1;
                while (lo <= hi)
                {
                    var mid = lo + ((hi - lo) / 2);
                    if (sorted[mid] == needle)
                    {
                        return mid;
                    }

                    if (sorted[mid] < needle) lo = mid + 1;
                    else hi = mid - 1;
                }

                return -(lo + 1);
            }
            """, """{"haystack":[7,3,9,1,5],"needle":5}""", """{"haystack":[7,3,9,1,5],"needle":4}"""),

        new("QuickSortHelper", """
            private static void QuickSort(int[] a, int lo, int hi)
            {
                if (lo >= hi) return;
                var pivot = a[(lo + hi) / 2];
                var i = lo;
                var j = hi;
                while (i <= j)
                {
                    while (a[i] < pivot) i++;
                    while (a[j] > pivot) j--;
                    if (i <= j)
                    {
                        (a[i], a[j]) = (a[j], a[i]);
                        i++;
                        j--;
                    }
                }

                QuickSort(a, lo, j);
                QuickSort(a, i, hi);
            }

            [Serverless.Annotations.Splitable]
            public static int[] Run(int[] input)
            {
                var data = input.ToArray();
                QuickSort(data, 0, data.Length - 1);
                var first = data.Length > 0 ? data[0] : 0;
                data[^1] += first;
                return data;
            }
            """, """{"input":[12,4,9,1,7,3]}""", """{"input":[2,1]}"""),

        new("MergeSortRecursive", """
            private static int[] Sort(int[] a)
            {
                if (a.Length <= 1) return a;
                var left = Sort(a[..(a.Length / 2)]);
                var right = Sort(a[(a.Length / 2)..]);
                var merged = new int[a.Length];
                int i = 0, j = 0, k = 0;
                while (i < left.Length && j < right.Length) merged[k++] = left[i] <= right[j] ? left[i++] : right[j++];
                while (i < left.Length) merged[k++] = left[i++];
                while (j < right.Length) merged[k++] = right[j++];
                return merged;
            }

            [Serverless.Annotations.Splitable]
            public static List<int> Run(int[] numbers)
            {
                var sorted = Sort(numbers);
                var result = new List<int>(sorted);
                var duplicates = sorted.Length - sorted.Distinct().Count();
                result.Add(duplicates);
                return result;
            }
            """, """{"numbers":[5,3,5,1,9,3,3]}""", """{"numbers":[]}"""),

        new("FibonacciMemo", """
            private static long Fib(int n, Dictionary<int, long> memo)
            {
                if (n < 2) return n;
                if (memo.TryGetValue(n, out var known)) return known;
                var value = Fib(n - 1, memo) + Fib(n - 2, memo);
                memo[n] = value;
                return value;
            }

            [Serverless.Annotations.Splitable]
            public static string Run(int n)
            {
                var memo = new Dictionary<int, long>();
                var value = Fib(n, memo);
                var cached = memo.Count;
                return $"{value}/{cached}";
            }
            """, """{"n":40}""", """{"n":1}"""),

        new("SieveOfEratosthenes", """
            [Serverless.Annotations.Splitable]
            public static List<int> Run(int limit)
            {
                var composite = new bool[limit + 1];
                for (var p = 2; p * p <= limit; p++)
                {
                    if (composite[p]) continue;
                    for (var m = p * p; m <= limit; m += p) composite[m] = true;
                }

                var primes = new List<int>();
                for (var i = 2; i <= limit; i++)
                {
                    if (!composite[i]) primes.Add(i);
                }

                return primes;
            }
            """, """{"limit":60}""", """{"limit":1}"""),

        new("GcdLcm", """
            [Serverless.Annotations.Splitable]
            public static long Run(long a, long b)
            {
                if (a == 0 || b == 0)
                {
                    return 0;
                }

                var x = Math.Abs(a);
                var y = Math.Abs(b);
                while (y != 0)
                {
                    var t = y;
                    y = x % y;
                    x = t;
                }

                var lcm = Math.Abs(a / x * b);
                return lcm * 1000 + x;
            }
            """, """{"a":84,"b":-36}""", """{"a":0,"b":5}"""),

        new("MatrixMultiply", """
            [Serverless.Annotations.Splitable]
            public static int[][] Run(int[][] a, int[][] b)
            {
                var rows = a.Length;
                var cols = b[0].Length;
                var inner = b.Length;
                var c = new int[rows][];
                for (var i = 0; i < rows; i++)
                {
                    c[i] = new int[cols];
                }

                for (var i = 0; i < rows; i++)
                    for (var j = 0; j < cols; j++)
                        for (var k = 0; k < inner; k++)
                            c[i][j] += a[i][k] * b[k][j];

                return c;
            }
            """, """{"a":[[1,2],[3,4],[5,6]],"b":[[7,8,9],[10,11,12]]}""", """{"a":[[2]],"b":[[3]]}"""),

        new("MatrixTransposeInPlace", """
            [Serverless.Annotations.Splitable]
            public static string Run(int[][] m)
            {
                var n = m.Length;
                for (var i = 0; i < n; i++)
                {
                    for (var j = i + 1; j < n; j++)
                    {
                        (m[i][j], m[j][i]) = (m[j][i], m[i][j]);
                    }
                }

                var trace = 0;
                for (var i = 0; i < n; i++) trace += m[i][i];
                return string.Join(";", m.Select(r => string.Join(",", r))) + " trace " + trace;
            }
            """, """{"m":[[1,2,3],[4,5,6],[7,8,9]]}""", """{"m":[[1]]}"""),

        new("GaussianDeterminant", """
            [Serverless.Annotations.Splitable]
            public static double Run(double[][] matrix)
            {
                var n = matrix.Length;
                var a = matrix.Select(r => r.ToArray()).ToArray();
                var det = 1.0;
                for (var col = 0; col < n; col++)
                {
                    var pivot = col;
                    for (var r = col + 1; r < n; r++)
                        if (Math.Abs(a[r][col]) > Math.Abs(a[pivot][col])) pivot = r;
                    if (Math.Abs(a[pivot][col]) < 1e-12) { det = 0; break; }
                    if (pivot != col) { (a[pivot], a[col]) = (a[col], a[pivot]); det = -det; }
                    det *= a[col][col];
                    for (var r = col + 1; r < n; r++)
                    {
                        var f = a[r][col] / a[col][col];
                        for (var k = col; k < n; k++) a[r][k] -= f * a[col][k];
                    }
                }

                return Math.Round(det, 6);
            }
            """, """{"matrix":[[2,-3,1],[2,0,-1],[1,4,5]]}""", """{"matrix":[[1,2],[2,4]]}"""),

        new("Grid2DFloodCount", """
            [Serverless.Annotations.Splitable]
            public static int Run(int size, int seed)
            {
                var grid = new int[size, size];
                for (var i = 0; i < size; i++)
                    for (var j = 0; j < size; j++)
                        grid[i, j] = ((i * 31) + (j * 17) + seed) % 3 == 0 ? 1 : 0;

                var total = 0;
                foreach (var cell in grid) total += cell;
                return total;
            }
            """, """{"size":6,"seed":4}""", """{"size":0,"seed":1}"""),

        new("PascalTriangle", """
            [Serverless.Annotations.Splitable]
            public static List<List<int>> Run(int rows)
            {
                var triangle = new List<List<int>>();
                for (var r = 0; r < rows; r++)
                {
                    var row = new List<int> { 1 };
                    for (var c = 1; c < r; c++) row.Add(triangle[r - 1][c - 1] + triangle[r - 1][c]);
                    if (r > 0) row.Add(1);
                    triangle.Add(row);
                }

                return triangle;
            }
            """, """{"rows":6}""", """{"rows":0}"""),

        new("KadaneMaxSubarray", """
            [Serverless.Annotations.Splitable]
            public static string Run(int[] xs)
            {
                if (xs.Length == 0)
                {
                    return "empty";
                }

                var best = xs[0];
                var current = xs[0];
                int start = 0, bestStart = 0, bestEnd = 0;
                for (var i = 1; i < xs.Length; i++)
                {
                    if (current < 0) { current = xs[i]; start = i; }
                    else current += xs[i];
                    if (current > best) { best = current; bestStart = start; bestEnd = i; }
                }

                return $"{best} [{bestStart}..{bestEnd}]";
            }
            """, """{"xs":[-2,1,-3,4,-1,2,1,-5,4]}""", """{"xs":[]}"""),

        new("TwoSumDictionary", """
            [Serverless.Annotations.Splitable]
            public static int[] Run(int[] nums, int target)
            {
                var seen = new Dictionary<int, int>();
                for (var i = 0; i < nums.Length; i++)
                {
                    if (seen.TryGetValue(target - nums[i], out var j))
                    {
                        return [j, i];
                    }

                    seen[nums[i]] = i;
                }

                var fallback = new[] { -1, seen.Count };
                return fallback;
            }
            """, """{"nums":[2,7,11,15],"target":18}""", """{"nums":[1,2,3],"target":100}"""),

        new("WordHistogram", """
            [Serverless.Annotations.Splitable]
            public static string Run(string text, int top)
            {
                var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    counts[word] = counts.TryGetValue(word, out var c) ? c + 1 : 1;
                }

                var ranked = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(top);
                var lines = ranked.Select(kv => kv.Key + "=" + kv.Value).ToList();
                return string.Join(" ", lines) + " of " + counts.Count;
            }
            """, """{"text":"the cat and The dog and THE bird","top":2}""", """{"text":"","top":3}"""),

        new("SortedWordIndex", """
            [Serverless.Annotations.Splitable]
            public static SortedDictionary<string, List<int>> Run(string[] words)
            {
                var index = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
                for (var i = 0; i < words.Length; i++)
                {
                    if (!index.TryGetValue(words[i], out var positions))
                    {
                        positions = new List<int>();
                        index[words[i]] = positions;
                    }

                    positions.Add(i);
                }

                index.Remove("the");
                return index;
            }
            """, """{"words":["b","a","the","b","c","a"]}""", """{"words":[]}"""),

        new("AnagramGroups", """
            [Serverless.Annotations.Splitable]
            public static List<string> Run(string[] words)
            {
                var groups = new Dictionary<string, List<string>>();
                foreach (var w in words)
                {
                    var key = new string(w.OrderBy(ch => ch).ToArray());
                    if (!groups.ContainsKey(key)) groups[key] = new List<string>();
                    groups[key].Add(w);
                }

                var result = groups.Values.Where(g => g.Count > 1).Select(g => string.Join("/", g)).ToList();
                result.Sort(StringComparer.Ordinal);
                return result;
            }
            """, """{"words":["eat","tea","tan","ate","nat","bat"]}""", """{"words":["x"]}"""),

        new("PalindromeBuilder", """
            [Serverless.Annotations.Splitable]
            public static string Run(string s)
            {
                var cleaned = new StringBuilder();
                foreach (var ch in s)
                {
                    if (char.IsLetterOrDigit(ch)) cleaned.Append(char.ToLowerInvariant(ch));
                }

                var forward = cleaned.ToString();
                var reversed = new string(forward.Reverse().ToArray());
                return forward == reversed ? "palindrome:" + forward : "no:" + reversed;
            }
            """, """{"s":"A man, a plan, a canal: Panama"}""", """{"s":"split me"}"""),

        new("StringBuilderReport", """
            [Serverless.Annotations.Splitable]
            public static string Run(string title, int[] values)
            {
                var sb = new StringBuilder();
                sb.AppendLine("# " + title);
                foreach (var v in values)
                {
                    sb.Append("- ").Append(v).AppendLine();
                }

                var total = values.Sum();
                sb.Append("total: ").Append(total);
                return sb.ToString();
            }
            """, """{"title":"Report","values":[3,1,4]}""", """{"title":"Empty","values":[]}"""),

        new("RomanNumerals", """
            [Serverless.Annotations.Splitable]
            public static string Run(int number)
            {
                if (number <= 0 || number >= 4000)
                {
                    return "out of range";
                }

                int[] values = [1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1];
                string[] symbols = ["M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"];
                var result = "";
                var rest = number;
                for (var i = 0; i < values.Length; i++)
                {
                    while (rest >= values[i]) { result += symbols[i]; rest -= values[i]; }
                }

                return result;
            }
            """, """{"number":1994}""", """{"number":0}"""),

        new("CaesarCipherChars", """
            [Serverless.Annotations.Splitable]
            public static string Run(string text, int shift)
            {
                var chars = text.ToCharArray();
                var k = ((shift % 26) + 26) % 26;
                for (var i = 0; i < chars.Length; i++)
                {
                    var c = chars[i];
                    if (char.IsUpper(c)) chars[i] = (char)('A' + ((c - 'A' + k) % 26));
                    else if (char.IsLower(c)) chars[i] = (char)('a' + ((c - 'a' + k) % 26));
                }

                return new string(chars);
            }
            """, """{"text":"Hello, World!","shift":3}""", """{"text":"abc","shift":-27}"""),

        new("RunLengthEncoding", """
            [Serverless.Annotations.Splitable]
            public static string Run(string input)
            {
                if (string.IsNullOrEmpty(input)) return "";
                var output = new StringBuilder();
                var count = 1;
                for (var i = 1; i <= input.Length; i++)
                {
                    if (i < input.Length && input[i] == input[i - 1]) { count++; continue; }
                    output.Append(count).Append(input[i - 1]);
                    count = 1;
                }

                return output.ToString();
            }
            """, """{"input":"aaabccdddd"}""", """{"input":""}"""),

        new("LevenshteinTable", """
            [Serverless.Annotations.Splitable]
            public static int Run(string s, string t)
            {
                var d = new int[s.Length + 1, t.Length + 1];
                for (var i = 0; i <= s.Length; i++) d[i, 0] = i;
                for (var j = 0; j <= t.Length; j++) d[0, j] = j;
                for (var i = 1; i <= s.Length; i++)
                {
                    for (var j = 1; j <= t.Length; j++)
                    {
                        var cost = s[i - 1] == t[j - 1] ? 0 : 1;
                        d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    }
                }

                return d[s.Length, t.Length];
            }
            """, """{"s":"kitten","t":"sitting"}""", """{"s":"","t":"abc"}"""),

        new("LongestCommonPrefix", """
            [Serverless.Annotations.Splitable]
            public static string Run(string[] strs)
            {
                if (strs.Length == 0) return "";
                var prefix = strs[0];
                foreach (var s in strs.Skip(1))
                {
                    while (!s.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        prefix = prefix[..^1];
                        if (prefix.Length == 0) return "";
                    }
                }

                return prefix;
            }
            """, """{"strs":["flower","flow","flight"]}""", """{"strs":["dog","racecar"]}"""),

        new("BalancedBracketsStack", """
            [Serverless.Annotations.Splitable]
            public static string Run(string expression)
            {
                var stack = new Stack<char>();
                foreach (var c in expression)
                {
                    if (c is '(' or '[' or '{') stack.Push(c);
                    else if (c is ')' or ']' or '}')
                    {
                        if (stack.Count == 0) return "unbalanced at " + c;
                        var open = stack.Pop();
                        if ((open, c) is not (('(', ')') or ('[', ']') or ('{', '}'))) return "mismatch " + open + c;
                    }
                }

                var pending = new string(stack.ToArray());
                return stack.Count == 0 ? "balanced" : "open: " + pending;
            }
            """, """{"expression":"{[()()]}"}""", """{"expression":"([{(["}"""),

        new("BreadthFirstSearch", """
            [Serverless.Annotations.Splitable]
            public static List<int> Run(int[][] edges, int start)
            {
                var adjacency = new Dictionary<int, List<int>>();
                foreach (var e in edges)
                {
                    if (!adjacency.TryGetValue(e[0], out var list)) adjacency[e[0]] = list = new List<int>();
                    list.Add(e[1]);
                }

                var visited = new HashSet<int> { start };
                var queue = new Queue<int>();
                queue.Enqueue(start);
                var order = new List<int>();
                while (queue.Count > 0)
                {
                    var node = queue.Dequeue();
                    order.Add(node);
                    foreach (var next in adjacency.GetValueOrDefault(node, []))
                        if (visited.Add(next)) queue.Enqueue(next);
                }

                return order;
            }
            """, """{"edges":[[1,2],[1,3],[2,4],[3,4],[4,5]],"start":1}""", """{"edges":[],"start":7}"""),

        new("HashSetDedupWithRemoval", """
            [Serverless.Annotations.Splitable]
            public static List<string> Run(string[] tags, string banned)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var t in tags) seen.Add(t);
                seen.Remove(banned);
                seen.Add("late");
                var ordered = seen.ToList();
                return ordered;
            }
            """, """{"tags":["a","b","c","d"],"banned":"b"}""", """{"tags":["x"],"banned":"y"}"""),

        new("TopologicalSort", """
            [Serverless.Annotations.Splitable]
            public static string Run(string[] dependencies)
            {
                var graph = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                var indegree = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var d in dependencies)
                {
                    var parts = d.Split('>');
                    graph.TryAdd(parts[0], new List<string>());
                    graph.TryAdd(parts[1], new List<string>());
                    graph[parts[0]].Add(parts[1]);
                    indegree[parts[1]] = indegree.GetValueOrDefault(parts[1]) + 1;
                    indegree.TryAdd(parts[0], 0);
                }

                var ready = new SortedSet<string>(indegree.Where(kv => kv.Value == 0).Select(kv => kv.Key), StringComparer.Ordinal);
                var order = new List<string>();
                while (ready.Count > 0)
                {
                    var n = ready.Min!;
                    ready.Remove(n);
                    order.Add(n);
                    foreach (var m in graph[n])
                        if (--indegree[m] == 0) ready.Add(m);
                }

                return order.Count == indegree.Count ? string.Join(" ", order) : "cycle";
            }
            """, """{"dependencies":["b>c","a>b","a>d","d>c"]}""", """{"dependencies":["x>y","y>x"]}"""),

        new("PrimeFactorsOutParse", """
            [Serverless.Annotations.Splitable]
            public static string Run(string input)
            {
                int n;
                if (!int.TryParse(input, NumberStyles.Integer, CultureInfo.InvariantCulture, out n) || n < 2)
                {
                    return "invalid";
                }

                var factors = new List<int>();
                for (var p = 2; p * p <= n; p++)
                {
                    while (n % p == 0) { factors.Add(p); n /= p; }
                }

                if (n > 1) factors.Add(n);
                return string.Join("*", factors);
            }
            """, """{"input":"360"}""", """{"input":"x"}"""),

        new("DivRemOutLocals", """
            [Serverless.Annotations.Splitable]
            public static string Run(int total, int perBox)
            {
                var boxes = Math.DivRem(total, perBox, out var loose);
                var label = boxes + " boxes";
                if (loose > 0) label += ", " + loose + " loose";
                return label;
            }
            """, """{"total":23,"perBox":5}""", """{"total":10,"perBox":5}"""),

        new("FactorialBigInteger", """
            [Serverless.Annotations.Splitable]
            public static string Run(int n)
            {
                var product = System.Numerics.BigInteger.One;
                for (var i = 2; i <= n; i++) product *= i;
                var digits = product.ToString(CultureInfo.InvariantCulture);
                return digits.Length + ":" + digits;
            }
            """, """{"n":30}""", """{"n":0}"""),

        new("MonteCarloSeededRandom", """
            [Serverless.Annotations.Splitable]
            public static double Run(int seed, int samples)
            {
                var rng = new Random(seed);
                var warmup = rng.Next(100);
                var inside = 0;
                for (var i = 0; i < samples; i++)
                {
                    var x = rng.NextDouble();
                    var y = rng.NextDouble();
                    if ((x * x) + (y * y) <= 1) inside++;
                }

                return Math.Round(4.0 * inside / Math.Max(1, samples), 4) + warmup;
            }
            """, """{"seed":42,"samples":2000}""", """{"seed":7,"samples":0}"""),

        new("LinkedListRotate", """
            [Serverless.Annotations.Splitable]
            public static int[] Run(int[] items, int k)
            {
                var list = new LinkedList<int>(items);
                for (var i = 0; i < k && list.Count > 0; i++)
                {
                    var last = list.Last!.Value;
                    list.RemoveLast();
                    list.AddFirst(last);
                }

                var result = list.ToArray();
                return result;
            }
            """, """{"items":[1,2,3,4,5],"k":2}""", """{"items":[],"k":3}"""),

        new("PriorityQueueTopK", """
            [Serverless.Annotations.Splitable]
            public static List<string> Run(string[] names, int[] scores, int k)
            {
                var heap = new PriorityQueue<string, int>();
                for (var i = 0; i < names.Length; i++)
                {
                    heap.Enqueue(names[i], -scores[i]);
                }

                var top = new List<string>();
                while (top.Count < k && heap.Count > 0) top.Add(heap.Dequeue());
                return top;
            }
            """, """{"names":["ann","bob","cy","dee"],"scores":[5,9,1,7],"k":2}""", """{"names":[],"scores":[],"k":1}"""),

        new("AliasedListWrites", """
            [Serverless.Annotations.Splitable]
            public static string Run(int[] seed)
            {
                var primary = new List<int>(seed);
                var view = primary;
                view.Add(99);
                view.RemoveAt(0);
                return string.Join(",", primary) + " count " + primary.Count;
            }
            """, """{"seed":[1,2,3]}""", """{"seed":[5]}"""),

        new("ImmutableListBuild", """
            [Serverless.Annotations.Splitable]
            public static int[] Run(int[] xs)
            {
                var list = System.Collections.Immutable.ImmutableList<int>.Empty;
                foreach (var x in xs) list = list.Add(x * x);
                var trimmed = list.RemoveAll(v => v > 50);
                return trimmed.ToArray();
            }
            """, """{"xs":[1,5,8,3,10]}""", """{"xs":[]}"""),

        new("ObjectTypedAccumulator", """
            [Serverless.Annotations.Splitable]
            public static string Run(int[] values)
            {
                object best = values.Length == 0 ? "none" : values.Max();
                var description = best switch
                {
                    int i when i > 10 => "large " + i,
                    int i => "small " + i,
                    _ => "nothing",
                };
                return description;
            }
            """, """{"values":[3,14,7]}""", """{"values":[2]}"""),

        new("InterfaceTypedLocals", """
            [Serverless.Annotations.Splitable]
            public static int Run(int[] values)
            {
                IList<int> evens = new List<int>();
                foreach (var v in values) if (v % 2 == 0) evens.Add(v);
                IReadOnlyCollection<int> snapshot = evens.ToList();
                return snapshot.Count * 100 + evens.Sum();
            }
            """, """{"values":[1,2,3,4,6]}""", """{"values":[]}"""),

        new("LambdaAcrossStatements", """
            [Serverless.Annotations.Splitable]
            public static int[] Run(int[] values, int factor)
            {
                Func<int, int> scale = v => v * factor;
                var scaled = values.Select(scale).ToArray();
                return scaled;
            }
            """, """{"values":[1,2,3],"factor":4}""", """{"values":[],"factor":1}"""),

        new("AsyncChecksum", """
            [Serverless.Annotations.Splitable]
            public static async Task<int> Run(string[] chunks)
            {
                var checksum = 17;
                foreach (var chunk in chunks)
                {
                    await Task.Yield();
                    foreach (var c in chunk) checksum = unchecked((checksum * 31) + c);
                }

                var length = chunks.Sum(c => c.Length);
                await Task.Delay(1);
                return checksum ^ length;
            }
            """, """{"chunks":["ab","cde",""]}""", """{"chunks":[]}"""),
    ];
}
