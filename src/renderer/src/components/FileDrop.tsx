// A drop zone that also opens the file picker: hands the chosen File on, uploads nothing
// itself (sourceForFile does that where needed).
import { Upload } from 'antd';
import type { ReactNode } from 'react';
import { InboxOutlined } from './icons';

export const IMPORT_ACCEPT = '.csv,.tsv,.txt,.xlsx';

export function FileDrop(props: { onFile: (file: File) => void; title: string; hint: string; testId: string; disabled?: boolean }): ReactNode {
  return (
    <div data-testid={props.testId}>
      <Upload.Dragger
        accept={IMPORT_ACCEPT}
        multiple={false}
        showUploadList={false}
        disabled={props.disabled}
        beforeUpload={(file) => {
          props.onFile(file);
          return Upload.LIST_IGNORE;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{props.title}</p>
        <p className="ant-upload-hint">{props.hint}</p>
      </Upload.Dragger>
    </div>
  );
}
