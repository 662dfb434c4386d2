// Upload rules: a kind accepts only its content types (never SVG); exactly one file per upload;
// send-message-with-files takes one to ten files, lists their URLs in upload order (each
// serving its bytes), shows the message in the history, and stores nothing when any file
// is rejected.
import { type Check, defineCheck } from '../context.ts';
import { createConversation } from '../fixtures.ts';
import { describeRequest } from '../http.ts';
import {
  AUDIO,
  EXECUTABLE,
  form,
  PNG,
  type Sample,
  SVG,
  sameBytes,
  TEXT,
  upload,
} from '../samples.ts';

const REJECT = 'an upload the spec does not accept is rejected with 400';

export function restUploadChecks(): Check[] {
  return [
    defineCheck({
      group: 'rest',
      name: 'uploadMedia.content-types',
      description: 'each upload kind accepts only its content types (400 otherwise)',
      run: async (t) => {
        const cases: Array<[kind: string, field: string, sample: Sample]> = [
          ['image', 'image', TEXT],
          ['audio', 'audio', PNG],
          ['video', 'video', AUDIO],
          ['file', 'file', EXECUTABLE],
          // Media safety: an image type that can run script is refused whatever the kind.
          ['image', 'image', SVG],
          ['file', 'file', SVG],
        ];
        for (const [kind, field, sample] of cases) {
          const ex = await upload(t, kind, [[field, sample]]);
          t.judge(
            ex,
            'uploadMedia',
            [400],
            `${REJECT}: kind ${kind} does not accept ${sample.type}`,
          );
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'uploadMedia.one-file',
      description: 'an upload carries exactly one file in a known field (400 otherwise)',
      run: async (t) => {
        t.judge(
          await upload(t, 'image', [
            ['image', PNG],
            ['file', PNG],
          ]),
          'uploadMedia',
          [400],
          `${REJECT}: two files`,
        );
        t.judge(
          await t.http.call('uploadMedia', {
            params: { kind: 'file' },
            form: form([], { note: 'no file' }),
          }),
          'uploadMedia',
          [400],
          `${REJECT}: no file`,
        );
        t.judge(
          await upload(t, 'image', [['photo', PNG]]),
          'uploadMedia',
          [400],
          `${REJECT}: unknown field "photo"`,
        );
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'sendMessageWithFiles.one-file',
      description: 'send-message-with-files accepts a single file (files has minItems 1)',
      run: async (t) => {
        const author = t.id('alice');
        const sid = await createConversation(t, [author]);
        const ex = await t.http.call('sendMessageWithFiles', {
          params: { convoSid: sid },
          form: form([['files', PNG]], { body: 'one file', author }),
        });
        const body = t.expect(
          ex,
          'sendMessageWithFiles',
          [200],
          'a message with one file (files: minItems 1) answers 200',
        );
        if (body && body.data.media.length !== 1) {
          t.fail({
            rule: 'one media entry per file',
            expected: 'data.media.length = 1',
            actual: `${body.data.media.length}`,
          });
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'sendMessageWithFiles.flow',
      description:
        'file URLs come in upload order, serve their bytes, and the history shows the message',
      run: async (t) => {
        const author = t.id('alice');
        const sid = await createConversation(t, [author]);
        const files = [PNG, TEXT, AUDIO];
        const ex = await t.http.call('sendMessageWithFiles', {
          params: { convoSid: sid },
          form: form(
            files.map((f) => ['files', f]),
            { body: 'three files', author },
          ),
        });
        const sent = t.require(
          ex,
          'sendMessageWithFiles',
          [200],
          'a valid send-message-with-files request answers 200',
        ).data;
        if (sent.media.length !== files.length) {
          t.abort({
            rule: 'one media entry per file',
            expected: `${files.length} media`,
            actual: `${sent.media.length}`,
          });
        }
        for (const [i, url] of sent.media.entries()) {
          const sample = files[i] as Sample;
          const got = await t.http.fetchUrl(url);
          if (got.status !== 200 || !sameBytes(got.bytes, sample.bytes)) {
            t.fail({
              rule: 'media lists the file URLs in upload order, each serving its bytes',
              expected: `media[${i}] serves ${sample.filename} (${sample.bytes.length} bytes)`,
              actual: `${got.status}, ${got.bytes.length} bytes`,
              request: describeRequest(got),
            });
          }
        }
        const historyEx = await t.http.call('listMessages', { params: { convoSid: sid } });
        const history = t.require(historyEx, 'listMessages', [200], 'the history answers 200').data;
        const stored = history.find((m) => m.sid === sent.message_sid);
        if (!stored || JSON.stringify(stored.media) !== JSON.stringify(sent.media)) {
          t.fail({
            rule: 'the history returns the same media list as the send did',
            expected: JSON.stringify(sent.media),
            actual: stored ? JSON.stringify(stored.media) : `no message ${sent.message_sid}`,
          });
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'sendMessageWithFiles.rejects',
      description: 'a rejected file, no file or no author → 400, and nothing is stored',
      run: async (t) => {
        const author = t.id('alice');
        const sid = await createConversation(t, [author]);
        const send = (data: FormData) =>
          t.http.call('sendMessageWithFiles', { params: { convoSid: sid }, form: data });
        t.judge(
          await send(
            form(
              [
                ['files', PNG],
                ['files', EXECUTABLE],
              ],
              { author },
            ),
          ),
          'sendMessageWithFiles',
          [400],
          `${REJECT}: ${EXECUTABLE.type} among the files`,
        );
        t.judge(
          await send(form([], { author, body: 'no files' })),
          'sendMessageWithFiles',
          [400],
          `${REJECT}: no file`,
        );
        t.judge(
          await send(form([['files', PNG]], { body: 'no author' })),
          'sendMessageWithFiles',
          [400],
          `${REJECT}: author missing`,
        );
        const cases: Array<[label: string, data: FormData]> = [
          [
            '11 files (at most 10)',
            form(
              Array.from({ length: 11 }, () => ['files', TEXT]),
              { author },
            ),
          ],
          ['body over 1600 characters', form([['files', PNG]], { author, body: 'x'.repeat(1601) })],
          ['author breaking its pattern', form([['files', PNG]], { author: 'not valid!' })],
          ['an unknown field', form([['files', PNG]], { author, colour: 'blue' })],
          [
            'a file in a field the spec does not declare',
            form(
              [
                ['files', PNG],
                ['attachment', PNG],
              ],
              { author },
            ),
          ],
          ['an SVG among the files', form([['files', SVG]], { author })],
        ];
        for (const [label, data] of cases) {
          t.judge(await send(data), 'sendMessageWithFiles', [400], `${REJECT}: ${label}`);
        }
        const historyEx = await t.http.call('listMessages', { params: { convoSid: sid } });
        const history = t.require(historyEx, 'listMessages', [200], 'the history answers 200').data;
        if (history.length !== 0) {
          t.fail({
            rule: 'nothing is stored if any file is rejected',
            expected: 'an empty history',
            actual: `${history.length} message(s): ${JSON.stringify(history.map((m) => m.sid))}`,
          });
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'uploadMedia.too-large',
      description: 'a file over 10 MiB is refused with 413, for an upload and for a message',
      run: async (t) => {
        const big: Sample = {
          bytes: new Uint8Array(10 * 1024 * 1024 + 1),
          type: 'text/plain',
          filename: 'big.txt',
        };
        const rule = 'a file over the 10 MiB limit is refused with 413';
        t.judge(await upload(t, 'file', [['file', big]]), 'uploadMedia', [413], rule);
        const author = t.id('alice');
        const sid = await createConversation(t, [author]);
        const ex = await t.http.call('sendMessageWithFiles', {
          params: { convoSid: sid },
          form: form([['files', big]], { author }),
        });
        t.judge(ex, 'sendMessageWithFiles', [413], rule);
      },
    }),
  ];
}
