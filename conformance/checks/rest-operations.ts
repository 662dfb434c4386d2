// One check per REST operation: a valid request, its response judged against the spec
// (status, content type, schema), and the facts the operation's description promises
// about that response (echoed fields, idempotence, unknown users are empty, not 404).
import { type Check, type CheckContext, defineCheck } from '../context.ts';
import { createConversation } from '../fixtures.ts';
import { describeRequest } from '../http.ts';
import { AUDIO, form, PNG, sameBytes, TEXT, upload } from '../samples.ts';
import { operations } from '../spec.ts';
import { validParam } from './requests.ts';

function same(t: CheckContext, rule: string, what: string, actual: unknown, expected: unknown) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) t.fail({ rule, expected: `${what} = ${e}`, actual: `${what} = ${a}` });
}

export function restOperationChecks(): Check[] {
  return [
    defineCheck({
      group: 'rest',
      name: 'getHealth.valid',
      description: 'GET /healthz answers 200 {status: ok} while the server is up',
      run: async (t) => {
        t.expect(await t.http.call('getHealth'), 'getHealth', [200], 'GET /healthz answers 200');
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'generateToken.valid',
      description: 'generate-token answers 200 with a JWT for a valid user_id',
      run: async (t) => {
        const ex = await t.http.call('generateToken', {
          json: { user_id: t.id('token') },
          auth: false,
        });
        t.expect(ex, 'generateToken', [200], 'a valid generate-token request answers 200');
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'createConversation.valid',
      description:
        'create answers 200 with the given name and participants, a new conversation each time',
      run: async (t) => {
        const [a, b] = [t.id('alice'), t.id('bob')];
        const participants = [
          { id: a, name: 'Alice', image: 'https://example.com/alice.png' },
          { id: b, name: 'Bob' },
        ];
        const name = `Conformance ${a}`;
        const ex = await t.http.call('createConversation', {
          json: { friendly_name: name, participants },
        });
        const body = t.require(
          ex,
          'createConversation',
          [200],
          'a valid create request answers 200',
        );
        const rule = 'create returns the friendly_name and participants as given';
        same(t, rule, 'data.friendly_name', body.data.friendly_name, name);
        same(
          t,
          rule,
          'data.participants (id, name, image)',
          body.data.participants.map((p) => [p.id, p.name, p.image]),
          participants.map((p) => [p.id, p.name, p.image]),
        );
        const again = t.expect(
          await t.http.call('createConversation', { json: { friendly_name: name, participants } }),
          'createConversation',
          [200],
          'a valid create request answers 200',
        );
        if (again && again.data.conversation_sid === body.data.conversation_sid) {
          t.fail({
            rule: 'create always creates a new conversation (unlike newconversation)',
            expected: `a conversation_sid other than ${body.data.conversation_sid}`,
            actual: 'the same conversation_sid',
          });
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'createConversation.default-name',
      description:
        'without friendly_name the name is <id>_<name>_ per participant joined by +, images never',
      run: async (t) => {
        const [a, b] = [t.id('alice'), t.id('bob')];
        const ex = await t.http.call('createConversation', {
          json: {
            participants: [
              { id: a, name: 'Alice', image: 'https://example.com/alice.png' },
              { id: b, name: 'Bob' },
            ],
          },
        });
        const body = t.require(
          ex,
          'createConversation',
          [200],
          'a valid create request answers 200',
        );
        const rule =
          'the default friendly_name is `<id>_<name>_` per participant joined by `+` (images never), cut to 256 characters';
        same(t, rule, 'data.friendly_name', body.data.friendly_name, `${a}_Alice_+${b}_Bob_`);
        const long = [t.id('x'), t.id('y'), t.id('z')].map((id) => ({
          id,
          name: `${id} `.repeat(9).slice(0, 100),
        }));
        const longEx = await t.http.call('createConversation', { json: { participants: long } });
        const longBody = t.expect(
          longEx,
          'createConversation',
          [200],
          'a valid create request answers 200',
        );
        if (longBody) {
          const want = long
            .map((p) => `${p.id}_${p.name}_`)
            .join('+')
            .slice(0, 256);
          same(t, rule, 'data.friendly_name (long names)', longBody.data.friendly_name, want);
        }
        // An empty friendly_name is no name: the default, as stored and listed.
        const [c, d] = [t.id('carol'), t.id('dave')];
        const participants = [
          { id: c, name: 'Carol' },
          { id: d, name: 'Dave' },
        ];
        const fallback = `${c}_Carol_+${d}_Dave_`;
        const emptyRule = 'an empty friendly_name means the default name';
        const created = t.expect(
          await t.http.call('createConversation', { json: { friendly_name: '', participants } }),
          'createConversation',
          [200],
          'a valid create request answers 200',
        );
        if (created) {
          same(
            t,
            emptyRule,
            'data.friendly_name (create, "")',
            created.data.friendly_name,
            fallback,
          );
          const listed = t.expect(
            await t.http.call('listConversations', { query: { userId: c } }),
            'listConversations',
            [200],
            'listing a user’s conversations answers 200',
          );
          const entry = listed?.data.find((x) => x.sid === created.data.conversation_sid);
          same(t, emptyRule, 'friendly_name in the list', entry?.friendly_name, fallback);
        }
        const privateEx = await t.http.call('createPrivateConversation', {
          json: { friendly_name: '', participants },
        });
        const private_ = t.expect(
          privateEx,
          'createPrivateConversation',
          [200],
          'a valid newconversation request answers 200',
        );
        if (private_) {
          same(
            t,
            emptyRule,
            'data.friendly_name (newconversation, "")',
            private_.data.friendly_name,
            fallback,
          );
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'createPrivateConversation.valid',
      description: 'newconversation answers 200 with existing: false the first time',
      run: async (t) => {
        const participants = [
          { id: t.id('alice'), name: 'Alice' },
          { id: t.id('bob'), name: 'Bob' },
        ];
        const ex = await t.http.call('createPrivateConversation', { json: { participants } });
        const body = t.require(
          ex,
          'createPrivateConversation',
          [200],
          'a valid newconversation request answers 200',
        );
        same(
          t,
          'a new private conversation is reported with existing: false',
          'data.existing',
          body.data.existing,
          false,
        );
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'listConversations.valid',
      description: 'GET /api/conversations answers 200; ?userId= lists that user’s conversations',
      run: async (t) => {
        const user = t.id('alice');
        const sid = await createConversation(t, [user]);
        t.expect(
          await t.http.call('listConversations'),
          'listConversations',
          [200],
          'listing conversations answers 200',
        );
        const ex = await t.http.call('listConversations', { query: { userId: user } });
        const body = t.require(
          ex,
          'listConversations',
          [200],
          'listing a user’s conversations answers 200',
        );
        if (!body.data.some((c) => c.sid === sid)) {
          t.fail({
            rule: '?userId= lists the conversations that user participates in',
            expected: `data contains ${sid}`,
            actual: `sids ${JSON.stringify(body.data.map((c) => c.sid))}`,
            request: describeRequest(ex),
          });
        }
        const byPath = t.expect(
          await t.http.call('listUserConversations', { params: { userId: user } }),
          'listUserConversations',
          [200],
          'listing a user’s conversations answers 200',
        );
        if (byPath) {
          same(
            t,
            '?userId= and /{userId}/conversations list the same conversations',
            'data',
            byPath.data,
            body.data,
          );
        }
        const unknown = await t.http.call('listConversations', {
          query: { userId: t.id('nobody') },
        });
        const empty = t.expect(
          unknown,
          'listConversations',
          [200],
          '?userId= of an unknown user answers 200',
        );
        if (empty) same(t, 'an unknown user has no conversations', 'data', empty.data, []);
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'listUserConversations.valid',
      description: 'a user’s conversations are listed; an unknown user has an empty list, not 404',
      run: async (t) => {
        const user = t.id('alice');
        const sid = await createConversation(t, [user]);
        const ex = await t.http.call('listUserConversations', { params: { userId: user } });
        const body = t.require(
          ex,
          'listUserConversations',
          [200],
          'listing a user’s conversations answers 200',
        );
        if (!body.data.some((c) => c.sid === sid)) {
          t.fail({
            rule: '/{userId}/conversations lists the conversations that user participates in',
            expected: `data contains ${sid}`,
            actual: `sids ${JSON.stringify(body.data.map((c) => c.sid))}`,
            request: describeRequest(ex),
          });
        }
        const unknown = await t.http.call('listUserConversations', {
          params: { userId: t.id('nobody') },
        });
        const empty = t.expect(
          unknown,
          'listUserConversations',
          [200],
          'an unknown user has no conversations (200, not 404)',
        );
        if (empty && empty.data.length !== 0) {
          t.fail({
            rule: 'an unknown user has no conversations (empty list)',
            expected: 'data = []',
            actual: `${empty.data.length} conversations`,
            request: describeRequest(unknown),
          });
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'deleteConversation.valid',
      description: 'deleting an existing conversation answers 200',
      run: async (t) => {
        const sid = await createConversation(t, [t.id('alice')]);
        const ex = await t.http.call('deleteConversation', { params: { convoSid: sid } });
        t.expect(ex, 'deleteConversation', [200], 'deleting an existing conversation answers 200');
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'listMessages.valid',
      description: 'a new conversation’s history is an empty list',
      run: async (t) => {
        const sid = await createConversation(t, [t.id('alice')]);
        const ex = await t.http.call('listMessages', { params: { convoSid: sid } });
        const body = t.expect(
          ex,
          'listMessages',
          [200],
          'the history of an existing conversation answers 200',
        );
        if (body && body.data.length !== 0) {
          t.fail({
            rule: 'a conversation without messages has an empty history',
            expected: 'data = []',
            actual: `${body.data.length} messages`,
          });
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'sendMessage.valid',
      description: 'send-message answers 200 with the stored message (body, author, media)',
      run: async (t) => {
        const author = t.id('alice');
        const sid = await createConversation(t, [author]);
        const media = ['https://example.com/image.jpg', 'https://example.com/voice.mp3'];
        const ex = await t.http.call('sendMessage', {
          params: { convoSid: sid },
          json: { body: 'Hello from the conformance runner', author, media },
        });
        const body = t.require(
          ex,
          'sendMessage',
          [200],
          'a valid send-message request answers 200',
        );
        const rule = 'send-message answers with the message as stored';
        same(t, rule, 'data.body', body.data.body, 'Hello from the conformance runner');
        same(t, rule, 'data.author', body.data.author, author);
        same(t, rule, 'data.media', body.data.media, media);
        const plain = t.expect(
          await t.http.call('sendMessage', {
            params: { convoSid: sid },
            json: { body: 'no media', author },
          }),
          'sendMessage',
          [200],
          'a valid send-message request answers 200',
        );
        if (plain)
          same(t, 'a message sent without media has media []', 'data.media', plain.data.media, []);
        const stored = t.expect(
          await t.http.call('listMessages', { params: { convoSid: sid } }),
          'listMessages',
          [200],
          'the history of an existing conversation answers 200',
        );
        const first = stored?.data.find((m) => m.sid === body.data.message_sid);
        same(
          t,
          rule,
          'the history entry (sid, body, author, date_created, media)',
          first && [first.sid, first.body, first.author, first.date_created, first.media],
          [body.data.message_sid, body.data.body, author, body.data.date_created, media],
        );
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'sendMessageWithFiles.valid',
      description: 'send-message-with-files answers 200 with one media URL per file',
      run: async (t) => {
        const author = t.id('alice');
        const sid = await createConversation(t, [author]);
        const ex = await t.http.call('sendMessageWithFiles', {
          params: { convoSid: sid },
          form: form(
            [
              ['files', PNG],
              ['files', TEXT],
            ],
            { body: 'two files', author },
          ),
        });
        const body = t.require(
          ex,
          'sendMessageWithFiles',
          [200],
          'a valid send-message-with-files request answers 200',
        );
        const rule = 'send-message-with-files stores the message with one media entry per file';
        same(t, rule, 'data.media.length', body.data.media.length, 2);
        same(t, rule, 'data.author', body.data.author, author);
        same(t, rule, 'data.body', body.data.body, 'two files');
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'addChatParticipant.valid',
      description: 'add-chat-participant answers 200 and is idempotent (same participant_sid)',
      run: async (t) => {
        const sid = await createConversation(t, [t.id('alice')]);
        const identity = t.id('carol');
        const first = t.require(
          await t.http.call('addChatParticipant', {
            params: { convoSid: sid },
            json: { identity },
          }),
          'addChatParticipant',
          [200],
          'a valid add-chat-participant request answers 200',
        );
        same(
          t,
          'add-chat-participant echoes the identity',
          'data.identity',
          first.data.identity,
          identity,
        );
        const second = t.expect(
          await t.http.call('addChatParticipant', {
            params: { convoSid: sid },
            json: { identity },
          }),
          'addChatParticipant',
          [200],
          'adding an identity that is already a participant answers 200 (idempotent)',
        );
        if (second) {
          same(
            t,
            'adding an existing participant returns its existing participant_sid',
            'data.participant_sid',
            second.data.participant_sid,
            first.data.participant_sid,
          );
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'addSmsParticipant.valid',
      description:
        'add-sms-participant answers 200 (400/409 where the spec allows); the same number again answers 409',
      run: async (t) => {
        const sid = await createConversation(t, [t.id('alice')]);
        const phone = `+1555${String(t.run.randomInt(1e7)).padStart(7, '0')}`;
        const call = () =>
          t.http.call('addSmsParticipant', {
            params: { convoSid: sid },
            json: { phone_number: phone },
          });
        const first = await call();
        const body = t.expect(
          first,
          'addSmsParticipant',
          [200, 400, 409],
          'a valid add-sms-participant request answers 200 (400 without an SMS number, 409 if the provider rejects the number)',
        );
        if (!body || first.status !== 200) return;
        if ('data' in body)
          same(
            t,
            'add-sms-participant echoes the number',
            'data.phone_number',
            body.data.phone_number,
            phone,
          );
        t.expect(
          await call(),
          'addSmsParticipant',
          [409],
          'a number already bound in the conversation answers 409',
        );
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'getMediaContent.valid',
      description: 'media content describes an upload and its url serves the bytes',
      run: async (t) => {
        const uploaded = t.require(
          await upload(t, 'image', [['image', PNG]]),
          'uploadMedia',
          [200],
          'a valid upload answers 200',
        );
        const ex = await t.http.call('getMediaContent', {
          params: { mediaSid: uploaded.data.media_sid },
        });
        const body = t.require(
          ex,
          'getMediaContent',
          [200],
          'the content of uploaded media answers 200',
        );
        const rule = 'media content describes the uploaded file';
        same(t, rule, 'data.content_type', body.data.content_type, PNG.type);
        same(t, rule, 'data.size', body.data.size, PNG.bytes.length);
        if (body.data.filename !== undefined) {
          same(t, rule, 'data.filename', body.data.filename, PNG.filename);
        }
        const bytes = await t.http.fetchUrl(body.data.url);
        if (bytes.status !== 200 || !sameBytes(bytes.bytes, PNG.bytes)) {
          t.fail({
            rule: 'data.url of media content serves the uploaded bytes',
            expected: `200 with the ${PNG.bytes.length} uploaded bytes`,
            actual: `${bytes.status} with ${bytes.bytes.length} bytes`,
            request: describeRequest(bytes),
          });
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'enableReachability.valid',
      description: 'enable-reachability answers 200 and is idempotent',
      run: async (t) => {
        for (let i = 0; i < 2; i++) {
          const ex = await t.http.call('enableReachability');
          t.expect(ex, 'enableReachability', [200], 'enable-reachability answers 200 (idempotent)');
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'getUserReachability.valid',
      description: 'an unknown user is offline (200, not 404)',
      run: async (t) => {
        const identity = t.id('nobody');
        const ex = await t.http.call('getUserReachability', { params: { identity } });
        const body = t.require(
          ex,
          'getUserReachability',
          [200],
          'reachability of an unknown user answers 200',
        );
        same(t, 'reachability echoes the identity', 'data.identity', body.data.identity, identity);
        same(t, 'an unknown user is offline', 'data.online', body.data.online, false);
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'uploadMedia.valid',
      description: 'uploads of each kind answer 200 with a url that serves the same bytes',
      run: async (t) => {
        for (const [kind, field, sample] of [
          ['image', 'image', PNG],
          ['audio', 'audio', AUDIO],
          ['file', 'file', TEXT],
        ] as const) {
          const ex = await upload(t, kind, [[field, sample]]);
          const body = t.expect(
            ex,
            'uploadMedia',
            [200],
            `a valid ${kind} upload (field ${field}) answers 200`,
          );
          if (!body) continue;
          const rule = 'the upload describes the stored file';
          same(t, rule, `data.size (${kind})`, body.data.size, sample.bytes.length);
          same(t, rule, `data.content_type (${kind})`, body.data.content_type, sample.type);
          if (body.data.filename !== undefined) {
            same(t, rule, `data.filename (${kind})`, body.data.filename, sample.filename);
          }
          const fetched = await t.http.fetchUrl(body.url);
          const type = (fetched.contentType ?? '').split(';')[0];
          if (
            fetched.status !== 200 ||
            !sameBytes(fetched.bytes, sample.bytes) ||
            type !== sample.type
          ) {
            t.fail({
              rule: 'the url an upload returns serves the uploaded bytes with their content type',
              expected: `200 ${sample.type}, ${sample.bytes.length} bytes`,
              actual: `${fetched.status} ${fetched.contentType ?? '<none>'}, ${fetched.bytes.length} bytes${
                sameBytes(fetched.bytes, sample.bytes) ? '' : ' (different bytes)'
              }`,
              request: describeRequest(fetched),
            });
          }
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'downloadMedia.valid',
      description: 'GET /api/media/{mediaSid} serves the bytes with the uploaded content type',
      run: async (t) => {
        const uploaded = t.require(
          await upload(t, 'file', [['file', TEXT]]),
          'uploadMedia',
          [200],
          'a valid upload answers 200',
        );
        const ex = await t.http.call('downloadMedia', {
          params: { mediaSid: uploaded.data.media_sid },
          auth: false,
        });
        if (
          !t.expect(
            ex,
            'downloadMedia',
            [200],
            'media bytes are public: GET without a token answers 200',
          )
        ) {
          return;
        }
        const type = (ex.contentType ?? '').split(';')[0];
        const length = ex.headers.get('content-length');
        if (!sameBytes(ex.bytes, TEXT.bytes) || type !== TEXT.type) {
          t.fail({
            rule: 'downloadMedia serves the stored bytes with the content type they were uploaded with',
            expected: `${TEXT.type}, ${TEXT.bytes.length} bytes`,
            actual: `${ex.contentType ?? '<none>'}, ${ex.bytes.length} bytes`,
          });
        } else if (length !== null && Number(length) !== TEXT.bytes.length) {
          t.fail({
            rule: 'downloadMedia Content-Length is the size of the bytes',
            expected: `Content-Length: ${TEXT.bytes.length}`,
            actual: `Content-Length: ${length}`,
          });
        }
        // Media safety (openapi.yaml): never sniffed, sandboxed, and text is a download.
        const safety: Array<[header: string, ok: (value: string | null) => boolean, want: string]> =
          [
            ['x-content-type-options', (v) => v === 'nosniff', 'nosniff'],
            ['content-security-policy', (v) => /\bsandbox\b/.test(v ?? ''), 'a sandbox policy'],
            ['content-disposition', (v) => /^attachment\b/i.test(v ?? ''), 'attachment'],
          ];
        for (const [header, ok, want] of safety) {
          const value = ex.headers.get(header);
          if (!ok(value)) {
            t.fail({
              rule: `stored media is served safely (${TEXT.type}): ${header} ${want}`,
              expected: `${header}: ${want}`,
              actual: value === null ? `no ${header}` : `${header}: ${value}`,
            });
          }
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'unknown-query.ignored',
      description:
        'unknown query parameters (e.g. a cache-buster) are ignored on every GET operation and on send-message',
      run: async (t) => {
        for (const op of operations.filter((o) => o.method === 'get')) {
          const params: Record<string, string> = {};
          for (const p of op.parameters.filter((q) => q.in === 'path')) {
            params[p.name] = await validParam(t, p);
          }
          const query: Record<string, string> = { _: String(Date.now()) };
          for (const p of op.parameters.filter((q) => q.in === 'query' && q.required)) {
            query[p.name] = await validParam(t, p);
          }
          const ex = await t.http.call(op.id, { params, query });
          t.judge(
            ex,
            op.id,
            [200],
            'an unknown query parameter is ignored (the request is served)',
          );
        }
        // And on a write.
        const author = t.id('alice');
        const sid = await createConversation(t, [author]);
        const ex = await t.http.call('sendMessage', {
          params: { convoSid: sid },
          query: { _: String(Date.now()) },
          json: { body: 'busted', author },
        });
        t.judge(
          ex,
          'sendMessage',
          [200],
          'an unknown query parameter is ignored (the request is served)',
        );
      },
    }),
  ];
}
