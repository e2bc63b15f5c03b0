//! The registry of diagnostic codes: each code's stable number, a short
//! title and the long explanation `lfc explain` prints. Codes are grouped as
//! docs/codes.md lists them: `LF01xx` syntax, `LF02xx` names and references,
//! `LF03xx` function settings, `LF04xx` triggers, `LF05xx` IAM and security,
//! `LF06xx` stack and template limits, `LF07xx` packaging, `LF08xx` deployment.

macro_rules! codes {
    ($( $(#[$doc:meta])* $name:ident = $code:literal, $title:literal, $explain:literal; )*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $( $(#[$doc])* $name, )*
        }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[ $( Code::$name, )* ];

            /// `LF` + 4 digits.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$name => $code, )* }
            }

            /// A few words naming the rule.
            pub fn title(self) -> &'static str {
                match self { $( Code::$name => $title, )* }
            }

            /// The long explanation: what, why, and how to fix it.
            pub fn explanation(self) -> &'static str {
                match self { $( Code::$name => $explain, )* }
            }

            /// The code with this text (`LF0301`), case-insensitive.
            pub fn parse(text: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|c| c.as_str().eq_ignore_ascii_case(text))
            }
        }
    };
}

codes! {
    /// The text does not follow the grammar.
    SyntaxError = "LF0101", "syntax error",
        "The text does not follow the lf grammar at this point. The message says what was expected there.\n\nlfc skips the rest of the broken declaration and goes on at the next top-level declaration, so every other problem of the file is still reported.\n\nExample:\n    function f { memory = = 1GB }\nFix: write one `key = value` per entry.";
    /// A string escape lfc does not know.
    InvalidEscape = "LF0102", "invalid escape in a string",
        "Strings accept the escapes \\\" \\\\ \\n \\t \\r and \\u{HEX} (1 to 6 hex digits naming a valid character). Any other backslash sequence is an error, so that a Windows path or a regular expression is not silently changed.\n\nFix: double the backslash (`\\\\`), or use a raw string `\"\"\"…\"\"\"`, which has no escapes.";
    /// A `${` without its `}`, or an empty `${}`.
    BadInterpolation = "LF0103", "bad interpolation",
        "Inside a string, `${reference}` inserts a value: a declaration's attribute (`${uploads.arn}`), a variable (`${var.stage}`), `${stack.name}` or `${aws.region}`. The reference must be closed by `}` and may not be empty.\n\nFix: close the brace, or write `$${` for a literal `${`.";
    /// A quantity with a unit lfc does not know for that property.
    UnknownUnit = "LF0104", "unknown unit",
        "Sizes are written in MB or GB (`128MB`, `1GB` = 1024MB; Lambda's MB is a MiB). Durations are written in s, min, h or d (`30s`, `15min`, `2h`, `14d`). Units are case-sensitive.\n\n`5m` is refused on purpose: it could mean minutes or months.\n\nFix: write the unit in full, such as `5min` or `512MB`.";
    /// A bare number where a size or a duration is expected.
    MissingUnit = "LF0105", "number without a unit",
        "A size or a duration needs its unit, so that `memory = 512` cannot be read as 512 GB or `timeout = 60000` as milliseconds.\n\nFix: write `512MB`, `30s`, `15min`…";
    /// A value of the wrong form for the property.
    WrongType = "LF0106", "wrong kind of value",
        "The property expects another form of value: a string, a number, a list, a block, a name… The message says which.\n\nFix: write the value in the expected form.";
    /// Unknown value of an enumerated property.
    UnknownEnumValue = "LF0107", "unknown value",
        "The property takes one of a fixed set of values (an architecture, a tracing mode, a log level, an S3 event…), and this is not one of them.\n\nFix: use one of the values the help lists; a close match is suggested.";
    /// A property set twice in one block.
    DuplicateProperty = "LF0108", "property set twice",
        "Each property may be set once per block. The second setting is ignored and reported, so the intent is never guessed.\n\nFix: remove one of them.";
    /// A compile-time string that interpolates a deploy-time value.
    NotConstant = "LF0109", "value not known at compile time",
        "Some properties (handlers, paths, physical names, descriptions, sizes, durations…) must be known when lfc compiles: only `${var.NAME}` may be interpolated into them. References to resources, `aws.*` and deploy-time parameters (`param.NAME`) are only known at deploy time.\n\nFix: use a variable (`--var` sets it at compile time), or move the reference into `env`.";
    /// A declaration kind lfc does not know.
    UnknownKind = "LF0110", "unknown declaration kind",
        "A top-level declaration is `KIND NAME { … }` with KIND one of stack, function, layer, role, bucket, queue, topic, table, stream, api, workflow.\n\nFix: correct the spelling; a close match is suggested.";
    /// A name that breaks the naming rule.
    InvalidName = "LF0201", "invalid name",
        "Declared names are `[a-z][a-z0-9_]*`, at most 64 characters, without `__` and without a trailing `_`. Names become logical IDs (`image_processor` → `ImageProcessorFunction`) and parts of physical names, so they are kept to what every AWS service accepts.\n\nFix: rename as suggested.";
    /// A reserved word used as a name.
    ReservedName = "LF0202", "reserved name",
        "Keywords and the namespaces of references cannot name a declaration: import, var, output, param, the declaration kinds, on, allow, aws, stack, inline, s3, http, true, false. (`http` names the implicit HTTP API.)\n\nFix: choose another name.";
    /// Two declarations with one name.
    DuplicateName = "LF0203", "duplicate name",
        "All declarations of a stack share one namespace, across every kind and every file. Two declarations with the same name would make references ambiguous. Outputs and variables have namespaces of their own, with the same rule.\n\nFix: rename one; both sites are shown.";
    /// A reference to nothing.
    UnknownName = "LF0204", "unknown name",
        "The name is not declared in this stack (in any of its files), or the variable is not declared with `var`.\n\nFix: declare it, or correct the spelling; a close match is suggested.";
    /// A reference to an attribute the kind does not have.
    UnknownAttribute = "LF0205", "unknown attribute",
        "References are `name` or `name.attribute`. Functions have arn, name, url; layers arn; roles arn, name; buckets name, arn; queues url, arn, name; topics arn, name; tables name, arn, stream_arn; streams name, arn; apis url, id.\n\nFix: use one of the listed attributes.";
    /// An attribute written where a name is expected.
    AttributeInTypedSlot = "LF0206", "attribute in a typed slot",
        "Trigger targets, `layers`, `role`, `dead_letter`, destinations and grant targets take a plain name: lfc uses whatever the slot needs (an ARN for a dead-letter queue, a version ARN for a layer). Writing `queue.arn` there is an error so that there is only one way to say it.\n\nFix: write the plain name.";
    /// A name of the wrong kind in a typed slot.
    WrongKind = "LF0207", "wrong kind of declaration",
        "The slot accepts only some kinds of declaration (for example `layers` takes layers and `on sqs` a queue), and the name refers to another kind.\n\nFix: name a declaration of the right kind.";
    /// References that form a loop.
    ReferenceCycle = "LF0208", "reference cycle",
        "The references you wrote form a loop (A refers to B, which refers back to A), so CloudFormation could create neither first. Every site of the loop is shown. lfc's own wiring never forms a loop; only references you wrote can.\n\nFix: remove one reference of the loop, for example by passing a name through a `var` instead.";
    /// An import chain that comes back to a file being read.
    ImportCycle = "LF0209", "import cycle",
        "A file imports itself through a chain of imports. A file may be imported from several files (it is read once), but not from within its own import chain. Each `import` on the chain is shown.\n\nFix: remove one import of the chain.";
    /// An import that cannot be read.
    ImportNotFound = "LF0210", "imported file not found",
        "The imported file cannot be read. Import paths are relative to the file that imports them.\n\nFix: correct the path.";
    /// A `--var` that does not fit.
    UnknownVar = "LF0211", "bad --var",
        "`--var NAME=VALUE` overrides a variable declared with `var NAME = …`; the value is parsed as the declared type (string, number, bool, size, duration). A flag naming no declared variable is an error so a typo in CI cannot go unnoticed.\n\nFix: declare the variable or correct the flag.";
    /// Two resources with one logical ID.
    LogicalIdCollision = "LF0212", "logical ID collision",
        "Logical IDs come from names (`image_processor` → `ImageProcessorFunction`); generated resources append what they connect. Two names can map to one ID (`job_1` and `job1` both give `Job1`), which CloudFormation cannot accept.\n\nFix: rename one of the declarations.";
    /// A property the block does not have.
    UnknownProperty = "LF0213", "unknown property",
        "The block has no such property. lfc never ignores a property it does not know: a typo would otherwise silently keep a default.\n\nFix: correct the spelling; a close match is suggested.";
    /// A required property is missing.
    MissingProperty = "LF0214", "missing property",
        "The declaration cannot be compiled without this property (for example a function's `runtime`, `handler` and `code`, a layer's `code`, a table's `key`).\n\nFix: add it.";
    /// Other properties beside `existing`.
    ExistingWithProperties = "LF0215", "property beside `existing`",
        "`existing` marks a resource that is referenced, not created. lfc does not manage it, so no other property may stand beside it (except `stream_arn` on a table).\n\nFix: remove the property, or drop `existing` to let lfc create the resource.";
    /// A physical name (`name = "…"`) the service does not accept.
    PhysicalName = "LF0216", "invalid physical name",
        "A physical name set with `name = \"…\"` must follow the rules of the service that owns it: functions 1 to 64 of letters, digits, `-` and `_`; buckets 3 to 63 lower-case letters, digits, `.` and `-`, starting and ending with a letter or digit; tables 3 to 255 and streams 1 to 128 of letters, digits, `_`, `.` and `-`; topics 1 to 256 and layers 1 to 140 of letters, digits, `_` and `-` (a FIFO topic ends in `.fifo`); queues 1 to 80 of letters, digits, `-` and `_`, ending in `.fifo` exactly when the queue is FIFO; apis 1 to 128 characters; workflows 1 to 80 letters, digits, `-` and `_`. A role's name is an IAM limit (LF0505). In a name with deploy-time parts (`${stack.name}`, `${aws.region}`, `${param.NAME}`) the written text is checked, and the length with each part at its shortest; the rest is checked by CloudFormation at deployment.\n\nFix: correct the name, or leave `name` out and let CloudFormation choose one.";
    /// A `param` whose settings contradict each other or its type.
    ParamSettings = "LF0217", "parameter settings",
        "A `param` becomes a CloudFormation parameter. `allowed` belongs to `string` and `number` parameters, `pattern` to `string` ones and `min`/`max` to `number` ones (CloudFormation checks the AWS-specific types itself); `min` may not exceed `max`; a `default` must be one of `allowed` and within `min`..`max`, or every deployment that relies on it would fail.\n\nFix: correct the setting the message names.";
    /// A `param` nothing refers to.
    UnusedParam = "LF0218", "unused parameter",
        "The parameter is declared but no value position, ARN or `vpc` list refers to it with `param.NAME`, so it would be asked for at every deployment and change nothing (cfn-lint reports it too).\n\nFix: use it, or remove the declaration.";
    /// Two parameters with one logical ID.
    ParamIdCollision = "LF0219", "parameter logical ID collision",
        "A `param` becomes the CloudFormation parameter named by the PascalCase of its name (`batch_size` → `BatchSize`). Two names can give one ID (`job_1` and `job1` both give `Job1`), and a template has one parameter per ID: the second would silently replace the first.\n\nFix: rename one of the parameters so their PascalCase names differ.";
    /// A parameter whose logical ID lfc adds itself.
    ReservedParam = "LF0220", "reserved parameter name",
        "lfc adds parameters of its own: `LfcAssetsBucket` names the bucket of packaged code, and the nested templates of `lfc build --split` receive the root stack's ID and name as `LfcRootStackId` and `LfcRootStackName` (every `LfcRootStack…` ID is kept for them). A `param` whose PascalCase name is one of them (`lfc_assets_bucket`, `lfc_root_stack_…`) would collide with it, whether or not this build adds it.\n\nFix: rename the parameter.";
    /// Two outputs with one logical ID.
    OutputIdCollision = "LF0221", "output logical ID collision",
        "An `output` becomes the CloudFormation output named by the PascalCase of its name (`jobs_url` → `JobsUrl`). Two names can give one ID (`job_1` and `job1` both give `Job1`), and a template has one output per ID: the second would silently replace the first.\n\nFix: rename one of the outputs so their PascalCase names differ.";
    /// Memory out of range.
    MemoryRange = "LF0301", "memory out of range",
        "Lambda functions have 128MB to 10240MB of memory (Lambda's MB is a MiB).\n\nFix: choose a value in that range.";
    /// Timeout out of range.
    TimeoutRange = "LF0302", "timeout out of range",
        "A Lambda function runs for 1s to 900s (15min).\n\nFix: choose a value in that range; for longer work, split it or use a workflow.";
    /// Ephemeral storage out of range.
    StorageRange = "LF0303", "storage out of range",
        "Ephemeral storage (`/tmp`) is 512MB to 10240MB.\n\nFix: choose a value in that range.";
    /// Unknown runtime.
    UnknownRuntime = "LF0304", "unknown runtime",
        "The runtime is not an identifier Lambda accepts.\n\nFix: use one of Lambda's runtime identifiers, such as python3.13 or nodejs22.x; a close match is suggested.";
    /// Runtime past its block-create date.
    RuntimeBlocked = "LF0305", "runtime can no longer be used",
        "Lambda no longer lets new functions be created with this runtime (past its block-create date), so the deploy would fail. The reference date is today, or `--today YYYY-MM-DD` / `LFC_TODAY`, so results are reproducible.\n\nFix: move to a supported runtime of the same family.";
    /// Runtime deprecated or close to deprecation.
    RuntimeDeprecated = "LF0306", "runtime deprecated",
        "The runtime is deprecated (no more security patches) or will be within 90 days of the reference date.\n\nFix: plan the move to a newer runtime of the same family.";
    /// Handler shape does not match the runtime.
    HandlerShape = "LF0307", "handler does not fit the runtime",
        "Each runtime family finds code its own way: python, node and ruby `file.function`; java `package.Class` or `package.Class::method`; dotnet `Assembly::Namespace.Class::Method`; provided runtimes run `bootstrap`. Handlers are at most 128 characters with no spaces.\n\nFix: write the handler in the shape of the runtime's family.";
    /// Properties an image function cannot have, or a missing requirement.
    ImageExclusive = "LF0308", "image function conflict",
        "A container-image function (`image`) brings its own runtime and code, so it cannot also have `runtime`, `handler`, `code` or `layers`.\n\nFix: remove them, or drop `image`.";
    /// Inline code on a runtime that does not support it.
    InlineCode = "LF0309", "inline code not possible",
        "CloudFormation writes inline code to a file named `index` and supports it only for Python and Node.js, so the handler must start with `index.`.\n\nFix: use a python or nodejs runtime with handler `index.NAME`, or put the code in a folder.";
    /// Environment variable key invalid.
    EnvKey = "LF0310", "invalid environment variable name",
        "Environment variable names start with a letter, are at least two characters and use only letters, digits and `_`.\n\nFix: rename the variable.";
    /// Environment variable key reserved by Lambda.
    EnvReserved = "LF0311", "reserved environment variable",
        "Lambda sets these variables itself and refuses them in the configuration: _HANDLER, _X_AMZN_TRACE_ID, AWS_DEFAULT_REGION, AWS_REGION, AWS_EXECUTION_ENV, AWS_LAMBDA_FUNCTION_NAME, AWS_LAMBDA_FUNCTION_MEMORY_SIZE, AWS_LAMBDA_FUNCTION_VERSION, AWS_LAMBDA_INITIALIZATION_TYPE, AWS_LAMBDA_LOG_GROUP_NAME, AWS_LAMBDA_LOG_STREAM_NAME, AWS_ACCESS_KEY, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_LAMBDA_RUNTIME_API, LAMBDA_TASK_ROOT, LAMBDA_RUNTIME_DIR. `TZ` is allowed but warned about.\n\nFix: read the value Lambda provides, or use another name.";
    /// Environment too large.
    EnvTooLarge = "LF0312", "environment too large",
        "All environment variables together, as compact JSON (`{\"KEY\":\"value\",…}`, the string Lambda measures), must fit in 4096 bytes. Values known only at deploy time (references) are counted at a conservative estimate, and a stack that could exceed the limit gets a warning.\n\nFix: move large values to SSM Parameter Store or S3 and read them at start-up.";
    /// Too many layers.
    TooManyLayers = "LF0313", "too many layers",
        "A function can use at most 5 layers.\n\nFix: merge layers, or move code into the function's package.";
    /// Text property too long or with bad characters.
    TextLimit = "LF0314", "text too long or invalid",
        "Descriptions are at most 256 characters and a topic's `display_name` at most 100; tag keys (of the stack, a function or any resource) at most 128 and values at most 256 characters, at most 50 tags on one resource (its own and the stack's together), no `aws:` prefix; S3 filter values at most 1024 characters. Physical names set with `name = \"…\"` are LF0216.\n\nFix: shorten or correct the text.";
    /// VPC limits.
    VpcLimits = "LF0315", "VPC configuration out of range",
        "A function's VPC configuration takes at most 16 subnets and 5 security groups, and needs at least one of each.\n\nFix: adjust the lists.";
    /// Log settings that do not fit together.
    LogSettings = "LF0316", "log settings conflict",
        "Log levels (`level`, `system_level`) apply only to the JSON log format.\n\nFix: add `format = json`, or remove the levels.";
    /// CloudWatch retention value not allowed.
    LogRetention = "LF0317", "log retention not allowed",
        "CloudWatch Logs accepts only these retention periods: 1d 3d 5d 7d 14d 30d 60d 90d 120d 150d 180d 365d 400d 545d 731d 1096d 1827d 2192d 2557d 2922d 3288d 3653d, or `never`.\n\nFix: pick the nearest allowed value.";
    /// SnapStart not possible.
    SnapStart = "LF0318", "SnapStart not possible",
        "SnapStart works with java 11+, python 3.12+ and dotnet 8+, and not together with provisioned concurrency or more than 512MB of ephemeral storage.\n\nFix: change the runtime or settings, or turn SnapStart off.";
    /// Concurrency settings out of range.
    Concurrency = "LF0319", "concurrency settings",
        "Provisioned concurrency must be at least 1 and, when reserved concurrency is set, at most the reserved amount. The stack's reserved concurrency together should stay within the default account pool (1000 − 100 unreserved), which is a warning because accounts differ.\n\nFix: adjust the numbers, or raise the account quota.";
    /// Memory above what new accounts allow.
    MemoryAccount = "LF0320", "memory above the new-account quota",
        "New AWS accounts start with a lower memory quota (3008MB) that rises with use. This is a warning: your account may allow more.\n\nFix: none needed if your account's quota allows it.";
    /// Async settings out of range.
    AsyncRange = "LF0321", "asynchronous invocation settings out of range",
        "`async.retries` is 0 to 2 and `async.max_age` 60s to 6h.\n\nFix: choose values in range.";
    /// Architecture not available.
    Architecture = "LF0322", "architecture not available",
        "arm64 is available on runtimes built on Amazon Linux 2 or 2023, not on older ones (Amazon Linux 1 runtimes, nodejs10.x and older).\n\nFix: use x86_64, or a newer runtime.";
    /// A declared layer not built for the function's runtime or architecture.
    LayerCompat = "LF0323", "layer not built for the function",
        "A declared layer that lists its compatible `runtimes` or `architectures` should list the function's: otherwise its code was likely built for another runtime or processor and fails when it is loaded. This is a warning, because the lists are only a declaration.\n\nFix: build the layer for the function's runtime and architecture and add them to the layer's lists, or change the function.";
    /// A `monitor` threshold or period CloudWatch cannot use.
    AlarmSettings = "LF0324", "alarm settings out of range",
        "`monitor { … }` thresholds: `errors`, `throttles` and `dead_letter` are counts of at least 1 (0 would raise the alarm forever); `duration` and `error_rate` are percentages from 1 to 100 (`duration` of the function's timeout); `iterator_age` is at least 1s. `period` is a whole number of minutes from 1min to 1d, which is what CloudWatch accepts for one evaluation period of a standard-resolution metric.\n\nFix: adjust the value, or write `false` to switch that alarm off.";
    /// Unknown trigger.
    UnknownTrigger = "LF0401", "unknown trigger",
        "Triggers are `on http`, `on s3`, `on schedule`, `on sqs`, `on sns`, `on dynamodb`, `on kinesis` and `on event`.\n\nFix: correct the spelling; a close match is suggested.";
    /// Bad HTTP route.
    BadRoute = "LF0402", "bad HTTP route",
        "A route is `METHOD /path` with METHOD one of GET POST PUT PATCH DELETE HEAD OPTIONS ANY and a path starting with `/`; path parameters are `{name}` and a greedy one `{proxy+}`. Two functions cannot serve the same route of one API.\n\nFix: correct the route.";
    /// Bad schedule expression.
    BadSchedule = "LF0403", "bad schedule expression",
        "Schedules are `rate(N unit)` (unit minute/minutes, hour/hours, day/days: singular exactly when N is 1), `cron(min hour day-of-month month day-of-week year)` with exactly one of day-of-month and day-of-week `?`, or `at(YYYY-MM-DDThh:mm:ss)` (which needs EventBridge Scheduler and is emitted as such).\n\nFix: correct the expression as the message says.";
    /// SQS batch settings out of range.
    SqsBatch = "LF0404", "SQS batch settings",
        "An SQS mapping takes batch_size 1 to 10000 (1 to 10 for FIFO queues); above 10 it needs a batching `window` of at least 1s; the window is at most 300s and not available on FIFO queues; max_concurrency is 2 to 1000.\n\nFix: adjust the settings.";
    /// Visibility timeout below the function timeout.
    SqsVisibility = "LF0405", "queue visibility too short",
        "Lambda refuses an SQS mapping when the queue's visibility timeout is shorter than the function's timeout: a message would reappear while still being processed. AWS recommends at least 6 × the timeout (plus the batching window), which is a warning. When you do not set a visibility timeout, lfc sets that recommended value itself.\n\nFix: raise the queue's `visibility_timeout`, or lower the function's timeout.";
    /// Timeout above the HTTP API limit.
    HttpTimeout = "LF0406", "timeout longer than the HTTP API waits",
        "An HTTP API gives up on an integration after 30s, so a longer function timeout behind `on http` only lets the function run on after the client got a 503.\n\nFix: keep the timeout at 30s or below, or hand long work to a queue.";
    /// S3 notifications that overlap.
    S3Overlap = "LF0407", "overlapping S3 notifications",
        "S3 refuses two notification configurations on one bucket whose event types overlap and whose prefixes and suffixes could both match one key. Both sites are shown.\n\nFix: make the prefixes or suffixes disjoint, or fan out through SNS or EventBridge.";
    /// A setting that has no effect for how the function is invoked.
    NoEffect = "LF0408", "setting without effect",
        "`dead_letter` and `async` only apply to asynchronous invocations (s3, sns, schedule, event). On a function whose triggers are all synchronous (http, url) or polled (sqs, dynamodb, kinesis) they do nothing, which usually means failures go somewhere you do not expect.\n\nFix: remove them; for queues use the queue's own `dead_letter`, for streams the trigger's `on_failure`.";
    /// Async invocation without a failure path.
    NoFailurePath = "LF0409", "no failure path",
        "The function is invoked asynchronously, and after the retries an event that keeps failing is dropped silently unless the function has a `dead_letter` or an `async.on_failure` destination.\n\nFix: add `dead_letter = QUEUE` or `async { on_failure = QUEUE }`.";
    /// Two functions on one route.
    DuplicateRoute = "LF0410", "duplicate route",
        "One API cannot have two integrations for the same method and path.\n\nFix: remove or change one route; both sites are shown.";
    /// A DynamoDB trigger on a table without a stream.
    StreamNotEnabled = "LF0411", "table has no stream",
        "`on dynamodb TABLE` reads the table's stream, so the table must declare one (`stream = new_image`, `old_image`, `new_and_old_images` or `keys_only`); an `existing` table must give its `stream_arn`.\n\nFix: add `stream = new_and_old_images` to the table.";
    /// A FIFO topic or queue where Lambda cannot use one.
    FifoNotAllowed = "LF0412", "FIFO resource not allowed here",
        "Lambda cannot subscribe to a FIFO SNS topic, and dead-letter queues and asynchronous destinations must be standard (not FIFO) queues and topics. A queue's `on sns` needs a topic of its own type (a FIFO topic delivers only to FIFO queues, a standard one only to standard queues), and `on event` / `on schedule` cannot deliver to a FIFO queue or topic (EventBridge would need a message group).\n\nFix: use a standard topic or queue, or feed the function through an SQS FIFO queue.";
    /// `on s3` on an existing bucket without EventBridge.
    ExistingBucketNotification = "LF0413", "S3 trigger on an existing bucket",
        "A bucket lfc does not create cannot get a notification configuration from this stack (CloudFormation would overwrite or fail). Events from an existing bucket can arrive through EventBridge instead: the bucket must have EventBridge notifications turned on, and lfc emits an EventBridge rule.\n\nFix: write `on s3 BUCKET { via = eventbridge }` and turn on EventBridge notifications on the bucket.";
    /// A function that may trigger itself.
    RecursiveLoop = "LF0414", "recursive invocation loop",
        "The function is triggered by a resource it may also write to (a grant or a raw statement), with keys or messages that can match its own trigger: every invocation can cause another, and the loop runs (and bills) until something breaks it. lfc stays silent when prefixes or suffixes make a match impossible (trigger on `incoming/`, write under `thumbs/`), and when a DynamoDB stream trigger's `filter` lists `eventName`s that the writes cannot make (a `write` grant makes INSERT and MODIFY records, a raw `dynamodb:DeleteItem` makes REMOVE ones). Both sites are shown.\n\nFix: write to another bucket, queue or prefix, narrow the grant's key pattern, or, if the loop is intended and bounded, acknowledge it with `recursive = true` on the trigger (then it is a warning).";
    /// Stream mapping settings out of range.
    StreamMapping = "LF0415", "stream mapping settings",
        "DynamoDB and Kinesis mappings take batch_size 1 to 10000, window 0 to 300s, retries 0 to 10000, max_age 60s to 7d, parallelization 1 to 10; `on_failure` is a standard queue or topic.\n\nFix: adjust the settings.";
    /// Workflow settings.
    WorkflowSettings = "LF0416", "workflow settings",
        "A workflow, a parallel branch and a map have at least one step, and step names are unique in the whole workflow (branches and maps included; in `steps = [..]` each function runs once). `retry.attempts` is 0 to 99 and `retry.interval` at least 1s; a task's `timeout` and `heartbeat` are at least 1s; a `wait` is at most a year (a standard execution's longest run).\n\nFix: adjust the workflow.";
    /// Queue settings out of range.
    QueueSettings = "LF0417", "queue settings out of range",
        "An SQS queue's `visibility_timeout` is at most 12h, its `retention` 60s to 14d and its `delay` at most 15min; a queue and its dead-letter queue are both FIFO or both standard.\n\nFix: adjust the settings, or make the two queues the same type.";
    /// Kinesis stream settings out of range.
    StreamSettings = "LF0418", "stream settings out of range",
        "A Kinesis stream in provisioned mode has at least 1 shard (leave `shards` out for on-demand mode), and keeps records 24h to 365d.\n\nFix: adjust `shards` or `retention`.";
    /// A `*` in an S3 key filter.
    S3FilterLiteral = "LF0419", "`*` in an S3 filter",
        "S3 key filters (`prefix`, `suffix`) match literally, for notifications and EventBridge alike: `*` is an ordinary character of a key, not a wildcard, so `prefix = \"uploads/*\"` only matches keys that start with `uploads/*`. This is a warning.\n\nFix: write the literal prefix or suffix, such as `uploads/` or `.jpg`.";
    /// More filter patterns than one event source mapping takes.
    FilterCount = "LF0420", "too many filter patterns",
        "`filter` of `on sqs`, `on dynamodb` and `on kinesis` takes one pattern or a list of patterns (a record passes when any matches). Lambda takes at most 5 patterns per event source mapping (a quota AWS can raise to 10 on request).\n\nFix: merge patterns (one pattern may list several values per key), or ask AWS to raise the quota and split the trigger.";
    /// `raw = true` on a function's `on sns`.
    RawDelivery = "LF0421", "raw delivery to a function",
        "`raw = true` on `on sns` turns on raw message delivery, which SNS offers to queues (and HTTP endpoints) only: a function always receives the SNS envelope, and the subscription would be refused at deployment.\n\nFix: remove `raw` from the function's trigger, or subscribe a queue (`queue q { on sns TOPIC { raw = true } }`).";
    /// Settings of an api that do not fit its kind.
    ApiSettings = "LF0422", "api settings",
        "`stage`, `endpoint`, `keys` and `usage_plan` belong to REST apis (`kind = rest`): an HTTP api always has the `$default` stage and no API keys. A REST api takes no `cors` (lfc would have to write OPTIONS methods; answer CORS in the function), a `usage_plan` needs `keys` to apply to, and a stage name is 1 to 128 letters, digits and `_`.\n\nFix: add `kind = rest`, or remove the setting the message names.";
    /// Usage-plan values out of range.
    UsagePlanLimits = "LF0423", "usage plan out of range",
        "A usage plan's `quota` is at least 1 request per `period` (`day`, `week` or `month`); `rate` (requests per second) is at most 10000 and `burst` at most 5000, API Gateway's account-level throttle, which a plan cannot exceed.\n\nFix: bring the value into range.";
    /// DynamoDB table settings out of range.
    TableSettings = "LF0424", "table settings out of range",
        "A table's `capacity` (and each index's) has at least 1 read and 1 write unit, and an index takes `capacity` only on a provisioned table (an on-demand table's indexes are on demand too). A table has at most 20 global secondary indexes, named with 3 to 255 letters, digits, `_`, `.` and `-`; the attributes projected into its indexes (`project = [ … ]`) are at most 100 in all, and not empty. Attribute names (keys, `ttl`, projected) are 1 to 255 characters, and an attribute that keys the table and an index has one type. The `ttl` attribute holds a number (epoch seconds): it cannot be a `string` or `binary` key. A `pitr` recovery period is 1 to 35 days.\n\nFix: bring the setting into range, or correct the attribute.";
    /// EventBridge Scheduler settings out of range or on a rule.
    ScheduleSettings = "LF0425", "schedule settings",
        "`name`, `description`, `retry` and `dead_letter` of `on schedule` belong to EventBridge Scheduler schedules, which lfc emits for a `timezone`, a one-time `at(…)` or `via = scheduler`; an EventBridge rule (`rate`/`cron` without a time zone) takes none of them. `via = rule` cannot carry a time zone or `at(…)`. A schedule's name is 1 to 64 letters, digits, `-`, `_` and `.`, its description at most 512 characters; `retry.attempts` is 0 to 185 and `retry.max_age` 1min to 24h.\n\nFix: add `via = scheduler`, or bring the setting into range.";
    /// A negative usage-plan rate.
    UsagePlanRate = "LF0426", "negative usage plan rate",
        "A usage plan's `rate` is the steady number of requests per second a key may make: 0 or more (`0.5` is one request every two seconds). API Gateway refuses a negative rate.\n\nFix: write a rate of 0 or more, or remove `rate` for no rate limit.";
    /// A point-in-time recovery period that is not whole days.
    PitrWholeDays = "LF0427", "recovery period not whole days",
        "DynamoDB keeps point-in-time recovery data for a whole number of days (`RecoveryPeriodInDays`), so `pitr` takes a duration that is whole days: `7d`, `168h`, `10080min`. `36h` has no such number.\n\nFix: write the period in days (`pitr = 2d`), or `pitr = true` for 35 days.";
    /// A Kinesis stream retention that is not whole hours.
    StreamRetentionHours = "LF0428", "stream retention not whole hours",
        "Kinesis keeps a stream's records for a whole number of hours (`RetentionPeriodHours`), so `retention` takes a duration that is whole hours: `48h`, `7d`, `120min`. `90min` has no such number.\n\nFix: write the retention in `h` or `d` (`retention = 48h`).";
    /// A step reference naming no step.
    UnknownStep = "LF0430", "unknown workflow step",
        "`start`, `next`, a catcher's `next`, a choice rule's `next` and `otherwise` name a step of the same step list: a workflow's `steps`, one parallel branch or one map's `steps`. Step Functions lets no step jump into or out of a branch or a map.\n\nFix: correct the spelling (a close match is suggested), or declare the step in that list.";
    /// A step block without a kind, or with two.
    StepKind = "LF0431", "step kind",
        "A named step does exactly one thing, chosen by one of its keys: `invoke`, `publish`, `send`, `get`, `put`, `choice`, `parallel`, `map`, `wait`, `pass`, `succeed` or `fail`. A step with none of them, or with two, cannot be compiled.\n\nFix: give the step one kind; split a step that does two things into two steps joined by `next`.";
    /// Step settings that contradict each other.
    StepConflict = "LF0432", "conflicting step settings",
        "A step either goes on (`next`, or the step written after it) or ends the workflow (`end = true`), not both. A task's `heartbeat` must be shorter than its `timeout`, or the timeout would fire first and the heartbeat could never.\n\nFix: remove one of the two settings, or shorten the heartbeat.";
    /// Error names Step Functions does not know, or `States.ALL` misplaced.
    StepErrors = "LF0433", "workflow error names",
        "`errors` in `retry` and `catch` name errors: your own (any name not starting with `States.`) or Step Functions' (`States.ALL`, `States.Timeout`, `States.TaskFailed`, `States.HeartbeatTimeout`, `States.Permissions`, `States.DataLimitExceeded`, `States.Runtime`, `States.BranchFailed`, `States.NoChoiceMatched`, `States.IntrinsicFailure`, `States.ResultPathMatchFailure`, `States.ParameterPathFailure`, `States.ExceedToleratedFailureThreshold`, `States.ItemReaderFailed`, `States.ResultWriterFailed`, `States.QueryEvaluationError`). `States.ALL` catches everything, so Step Functions requires it to stand alone and in the last retrier or catcher.\n\nFix: correct the name (a close match is suggested), or move `States.ALL` to the last retrier or catcher on its own.";
    /// A step no path reaches.
    UnreachableStep = "LF0434", "unreachable workflow step",
        "Every step must be reachable from the first one (`start`, or the first step written) through `next`, the step order, choice rules, `otherwise` and catchers; Step Functions refuses a definition with a step that is never reached.\n\nFix: send a step to it, or remove it.";
    /// Step Functions' size limits.
    WorkflowLimits = "LF0435", "workflow limits",
        "Step names are at most 80 characters (Step Functions' limit for state names), and a state machine's definition is at most 1 MB (1,048,576 bytes, a hard quota), measured on the definition lfc emits.\n\nFix: shorten the step name; split a workflow that is too large into several (one can start another with an `invoke` of a function that starts it).";
    /// A setting express workflows do not have.
    ExpressWorkflow = "LF0436", "not available in express workflows",
        "An express workflow (`type = express`) runs for at most 5 minutes and cannot wait for a task token: `callback = true` is for standard workflows, and a `wait` or `timeout` longer than 5 minutes could never finish.\n\nFix: remove `type = express`, or the setting.";
    /// A choice rule that is not one comparison.
    ChoiceRule = "LF0437", "choice rule",
        "A `choice` step has at least one rule, and each rule is `{ path = \"$.x\", TEST = value, next = STEP }` with exactly one test: `equals` (a string, number or `true`/`false`), `above`, `below`, `at_least`, `at_most` (numbers), `matches` (a string with `*` wildcards) or `present` (`true`/`false`).\n\nFix: give the rule a `path`, one test with a value of its type, and a `next`.";
    /// A step path that is not a JSONPath.
    StepPath = "LF0438", "not a workflow path",
        "Paths into a step's input (`map`, `wait` until, `path` of a choice rule, `message`, `key`, `item`, `result`) are JSONPaths: `$` for the whole input, `$.field.sub` for a part, `$$.` for the execution's context.\n\nFix: start the path with `$`.";
    /// A retry backoff below 1.
    RetryBackoff = "LF0439", "retry backoff below 1",
        "`backoff` of a `retry` is the factor Step Functions multiplies the wait by after each attempt (`BackoffRate`): at least 1.0, where 1.0 keeps the interval constant and 2.0 doubles it. A factor below 1 would shrink the wait, which Step Functions refuses.\n\nFix: write `backoff = 1.0` or more.";
    /// A role given as an ARN cannot be changed.
    ExternalRole = "LF0501", "external role needs permissions",
        "A role given as an ARN string is not managed by lfc, so the permissions the function's triggers and grants need cannot be added to it. The warning lists the statements it must contain.\n\nFix: make sure the role has them, or declare the role in the stack.";
    /// A wildcard in a raw statement.
    Wildcard = "LF0502", "wildcard in a raw statement",
        "A `*` action or resource grants more than the function is likely to need.\n\nFix: name the actions and resources exactly.";
    /// A public function URL.
    PublicUrl = "LF0503", "public function URL",
        "`url { auth = none }` lets anyone on the internet invoke the function.\n\nFix: use `auth = iam` unless the function is meant to be public.";
    /// A grant verb the target kind does not have.
    UnknownVerb = "LF0504", "unknown grant verb",
        "`allow VERB TARGET` grants a fixed list of actions per verb and kind of target: buckets read, write, delete, read_write; queues send, consume; topics publish; tables read, write, read_write; streams read, write; functions invoke; workflows start. The actions of each verb are listed in the language reference.\n\nFix: use one of the target's verbs, or a raw statement `allow [actions] on [resources]`.";
    /// IAM role limits.
    RoleLimits = "LF0505", "IAM role limits",
        "IAM limits what a role may hold: a name of 1 to 64 characters of letters, digits and `+=,.@_-`; at most 10 managed policies; inline policies of at most 10,240 characters together (white space not counted); policy text only in tab, line feed, carriage return and U+0020 to U+00FF.\n\nFix: shorten or split what the message names; move statements to a declared role or a managed policy.";
    /// A secret-looking environment variable holding literal text.
    PlaintextSecret = "LF0506", "secret in plain text",
        "An `env` key that looks like it holds a secret (its name contains PASSWORD, SECRET, TOKEN, API_KEY or PRIVATE_KEY) is set to literal text. The text would be written into the template, the stack's history and the function's configuration, where anyone who can read them sees it. This is a warning. Keys ending in _ARN, _NAME, _ID or _PATH, and ARN values, are taken to name a secret rather than hold one.\n\nFix: keep the value in Secrets Manager or Parameter Store and write `KEY = secret(\"name\")` or `KEY = parameter(\"/path\")`: the function receives the name and permission to read exactly that secret. `resolve(secret(\"name\"))` puts the value in at deploy time instead, without writing it into the template.";
    /// Every route of the stack is public without saying so.
    OpenApi = "LF0507", "every route is unauthenticated",
        "No route of the stack's apis (HTTP or REST) checks who calls it: neither the api nor any route sets `auth`. Anyone on the internet can call every route. This is a warning; the message lists the routes.\n\nFix: set `auth` on the api (`auth = iam`, `auth { jwt { issuer, audience } }` or `auth { lambda { function } }`) so every route is protected, and `auth = none` on the routes meant to be public. Writing `auth = none` on the api says the whole API is public on purpose and silences the warning; so does a REST api that requires API keys.";
    /// An authorizer setting API Gateway refuses.
    AuthorizerSettings = "LF0508", "authorizer settings",
        "A JWT authorizer needs an `issuer` that is an `https://` URL and, on an HTTP api, at least one `audience`; a route's `jwt { scopes }` without an issuer needs an api with a JWT authorizer; a Lambda authorizer caches its answers for at most 1h (`cache`, 0 for no caching) and, when it caches, needs at least one `identity` source (the cache key), such as `$request.header.Authorization`; its `function` cannot be the function behind the route it protects.\n\nFix: correct the setting the message names.";
    /// Authorization a REST api cannot express.
    RestAuthorization = "LF0509", "authorization a REST api cannot express",
        "A REST api (API Gateway v1) checks JWTs only with a Cognito user pool authorizer: the `issuer` must be a user pool's URL, `https://cognito-idp.REGION.amazonaws.com/POOL_ID`. Other issuers need a Lambda authorizer (which validates the token itself) or an HTTP api, whose JWT authorizer takes any OpenID Connect issuer. The Cognito authorizer checks `audience` against the token's `aud` claim, which only ID tokens carry, while `scopes` need access tokens, which carry none: both on one method let no token through.\n\nFix: use the user pool's issuer URL, or write `auth { lambda { function = NAME } }`, or make the api `kind = http`; keep either `audience` or `scopes` on a method.";
    /// Too many resources in one template.
    TooManyResources = "LF0601", "too many resources",
        "A CloudFormation template holds at most 500 resources. The message breaks the count down by declaration.\n\nFix: split the stack (`--split`, nested stacks) or move declarations into another stack.";
    /// Template too large.
    TemplateTooLarge = "LF0602", "template too large",
        "A template body is at most 1MB when CloudFormation reads it from S3, which is how `lfc deploy` submits every template; the 51,200-byte limit for bodies passed inline therefore does not apply and is not reported. The message breaks the size down by declaration.\n\nFix: split the stack, or move inline code into folders.";
    /// Too many outputs.
    TooManyOutputs = "LF0603", "too many outputs",
        "A CloudFormation template holds at most 200 outputs; more is refused when the stack is created.\n\nFix: remove outputs, or group values into fewer outputs.";
    /// A bad export name.
    ExportName = "LF0604", "bad export name",
        "An output's `export` name is account- and Region-wide: it may hold only letters, digits, `:` and `-` (after `${…}` values such as `${stack.name}` are filled in), and may not depend on resources of the stack.\n\nFix: build the export name from text, variables, `stack.name` and `aws.*` values only.";
    /// A template without resources.
    EmptyStack = "LF0605", "empty stack",
        "CloudFormation refuses a template without resources, so a stack with no function and no resource (an empty file, only comments, only `var`s or only `existing` resources) cannot be deployed.\n\nFix: declare at least one function or resource.";
    /// Too many parameters.
    TooManyParameters = "LF0606", "too many parameters",
        "A CloudFormation template holds at most 200 parameters, counting the assets-bucket parameter lfc adds when code is packaged.\n\nFix: remove parameters, or pass several values in one `list` parameter.";
    /// A code path that does not exist.
    CodeMissing = "LF0701", "code not found",
        "The code path (a folder or a .zip, relative to the declaring file) does not exist or cannot be read (an error), or holds no files at all (a warning: it would deploy, but nothing could run).\n\nFix: correct the path, or put the code in it before building.";
    /// Code and layers too large unzipped.
    CodeTooLarge = "LF0702", "code too large",
        "A function's code and all its layers, unzipped, must fit in 250MB (262,144,000 bytes).\n\nFix: trim dependencies, or use a container image.";
    /// A resource failed while CloudFormation deployed the stack (`lfc deploy`).
    DeployFailed = "LF0801", "resource failed to deploy",
        "CloudFormation could not create, update or delete a resource while deploying the stack; the message gives the resource's logical ID, type, status and CloudFormation's reason, and the location is the declaration that made the resource (found through the template's `lfc:source` metadata). The stack was rolled back (or, on a first deploy, left in ROLLBACK_COMPLETE, which the next `lfc deploy` deletes first).\n\nFix: act on the reason (a name already taken, a quota, a permission the deploying identity lacks) and run `lfc deploy` again.";
}

impl Code {
    /// Codes that once also covered another, unrelated rule, and the code
    /// that rule has now: (old code, the rule that moved, new code). The
    /// old codes keep their first meaning; `docs/codes.md` lists the moves.
    pub const SPLITS: &'static [(Code, &'static str, Code)] = &[
        (
            Code::WrongType,
            "a Kinesis stream's shard count and retention range",
            Code::StreamSettings,
        ),
        (Code::WrongType, "a retry `backoff` below 1.0", Code::RetryBackoff),
        (Code::WrongType, "a negative usage-plan `rate`", Code::UsagePlanRate),
        (
            Code::WrongType,
            "a `pitr` recovery period that is not whole days",
            Code::PitrWholeDays,
        ),
        (
            Code::WrongType,
            "a stream `retention` that is not whole hours",
            Code::StreamRetentionHours,
        ),
        (
            Code::WrongKind,
            "a queue and its dead-letter queue of different types",
            Code::QueueSettings,
        ),
        (
            Code::WrongKind,
            "a layer whose `runtimes` or `architectures` omit the function's",
            Code::LayerCompat,
        ),
        (
            Code::LogicalIdCollision,
            "a `param` with the logical ID `LfcAssetsBucket` (now any ID lfc keeps, in every build)",
            Code::ReservedParam,
        ),
        (
            Code::LogicalIdCollision,
            "two `output`s with one logical ID",
            Code::OutputIdCollision,
        ),
        (
            Code::TextLimit,
            "physical names set with `name = \"…\"` (functions included)",
            Code::PhysicalName,
        ),
        (
            Code::SqsBatch,
            "a queue's `retention` and `delay` ranges",
            Code::QueueSettings,
        ),
        (
            Code::SqsVisibility,
            "a queue's `visibility_timeout` above 12h",
            Code::QueueSettings,
        ),
        (
            Code::S3Overlap,
            "a `*` in an S3 `prefix` or `suffix`",
            Code::S3FilterLiteral,
        ),
        (
            Code::AuthorizerSettings,
            "`auth` on a REST api (now accepted; what a REST api cannot express: a JWT issuer other than a Cognito user pool, `audience` with `scopes`)",
            Code::RestAuthorization,
        ),
    ];
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn codes_are_unique_grouped_and_explained() {
        let mut seen = std::collections::BTreeSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "{} twice", c.as_str());
            assert!(c.as_str().len() == 6 && c.as_str().starts_with("LF0"));
            assert!(c.explanation().len() > 60, "{} has no real explanation", c.as_str());
            assert!(c.explanation().contains("Fix"), "{} explains no fix", c.as_str());
            assert_eq!(Code::parse(c.as_str()), Some(*c));
        }
        for w in Code::ALL.windows(2) {
            assert!(w[0].as_str() < w[1].as_str(), "{} is out of order", w[1].as_str());
        }
        // A rule moved out of a code goes to a code of its own, never to one
        // that is itself being split.
        for (old, _, new) in Code::SPLITS {
            assert!(
                Code::SPLITS.iter().all(|(o, _, _)| o != new),
                "{} moved to {}, itself split",
                old.as_str(),
                new.as_str()
            );
        }
    }
}
